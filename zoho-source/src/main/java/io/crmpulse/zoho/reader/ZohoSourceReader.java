package io.crmpulse.zoho.reader;

import io.crmpulse.zoho.ZohoSourceConfig;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zoho source reader: one fetcher thread runs a {@link ZohoSplitReader} over every module
 * assigned to this subtask (one at a time: Zoho's API credits and concurrency are per
 * organization); the task thread emits through {@link ZohoRecordEmitter}.
 */
public class ZohoSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                SyncEvent, RecordChange, ZohoModuleSplit, ZohoModuleSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoSourceReader.class);

    private final ZohoSourceConfig config;

    public ZohoSourceReader(
            Supplier<ZohoSplitReader> splitReaderSupplier,
            ZohoRecordEmitter emitter,
            ZohoSourceConfig config,
            SourceReaderContext context) {
        super(splitReaderSupplier::get, emitter, new Configuration(), context);
        this.config = config;
    }

    @Override
    protected void onSplitFinished(Map<String, ZohoModuleSplitState> finishedSplitIds) {
        finishedSplitIds.keySet().forEach(module -> LOG.info("{}: split finished", module));
    }

    @Override
    protected ZohoModuleSplitState initializedState(ZohoModuleSplit split) {
        return new ZohoModuleSplitState(split, config.overlap());
    }

    @Override
    protected ZohoModuleSplit toSplitType(String splitId, ZohoModuleSplitState splitState) {
        return splitState.toSplit();
    }
}
