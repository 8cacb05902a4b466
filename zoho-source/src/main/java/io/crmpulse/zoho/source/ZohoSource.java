package io.crmpulse.zoho.source;

import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.ZohoSourceConfig;
import io.crmpulse.zoho.client.ZohoCallListener;
import io.crmpulse.zoho.enumerator.ZohoEnumeratorState;
import io.crmpulse.zoho.enumerator.ZohoEnumeratorStateSerializer;
import io.crmpulse.zoho.enumerator.ZohoSplitEnumerator;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.reader.ZohoRecordEmitter;
import io.crmpulse.zoho.reader.ZohoSourceMetrics;
import io.crmpulse.zoho.reader.ZohoSourceReader;
import io.crmpulse.zoho.reader.ZohoSplitReader;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitSerializer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink source of Zoho CRM record changes: every create, edit and deletion of the configured
 * modules, each exactly once, with {@code Modified_Time} as the event timestamp.
 *
 * <pre>{@code
 * ZohoSource source = ZohoSource.builder()
 *         .setModules(ZohoModule.parseList("Leads,Deals"))
 *         .setHttpClient(ZohoClientConfig.defaults(), ZohoCredentials.fromEnvironment())
 *         .setPollInterval(Duration.ofSeconds(60))
 *         .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "zoho-crm").uid("zoho-crm-source");
 * }</pre>
 *
 * <p>One split per module holds that module's cursor; the first poll of a module reads all of it
 * (the backfill), later polls read what changed since, re-reading an overlap behind the cursor so
 * that same-second ties and late commits are never lost. Cursors live in Flink checkpoints, so a
 * restored job resumes where its last checkpoint was. In bounded mode the source ends once every
 * module has been polled to "nothing new".
 */
public final class ZohoSource
        implements Source<RecordChange, ZohoModuleSplit, ZohoEnumeratorState>,
                ResultTypeQueryable<RecordChange> {

    private static final long serialVersionUID = 1L;

    private final ZohoSourceConfig config;

    ZohoSource(ZohoSourceConfig config) {
        this.config = config;
    }

    public static ZohoSourceBuilder builder() {
        return new ZohoSourceBuilder();
    }

    public ZohoSourceConfig config() {
        return config;
    }

    @Override
    public Boundedness getBoundedness() {
        return config.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RecordChange, ZohoModuleSplit> createReader(SourceReaderContext context) {
        Clock clock = Clock.systemUTC();
        ZohoSourceMetrics metrics = new ZohoSourceMetrics(context.metricGroup(), clock);
        return new ZohoSourceReader(
                () ->
                        new ZohoSplitReader(
                                config,
                                config.clientFactory()
                                        .create(
                                                (module, endpoint, status) -> {
                                                    // Token refreshes cost no CRM API credit.
                                                    if (!ZohoCallListener.TOKEN.equals(endpoint)) {
                                                        metrics.module(module).apiCall();
                                                    }
                                                }),
                                metrics,
                                ZohoSplitReader.DEFAULT_BACKOFF,
                                () -> ThreadLocalRandom.current().nextDouble(),
                                clock),
                new ZohoRecordEmitter(metrics),
                config,
                context);
    }

    @Override
    public SplitEnumerator<ZohoModuleSplit, ZohoEnumeratorState> createEnumerator(
            SplitEnumeratorContext<ZohoModuleSplit> context) {
        List<ZohoModuleSplit> splits =
                config.modules().stream().map(m -> ZohoModuleSplit.initial(m.name())).toList();
        return new ZohoSplitEnumerator(context, moduleNames(), splits);
    }

    @Override
    public SplitEnumerator<ZohoModuleSplit, ZohoEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<ZohoModuleSplit> context, ZohoEnumeratorState checkpoint) {
        return new ZohoSplitEnumerator(context, moduleNames(), checkpoint.unassigned());
    }

    @Override
    public SimpleVersionedSerializer<ZohoModuleSplit> getSplitSerializer() {
        return ZohoModuleSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<ZohoEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new ZohoEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<RecordChange> getProducedType() {
        return TypeInformation.of(RecordChange.class);
    }

    private List<String> moduleNames() {
        return config.modules().stream().map(ZohoModule::name).toList();
    }
}
