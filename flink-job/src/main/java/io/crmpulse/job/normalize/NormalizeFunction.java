package io.crmpulse.job.normalize;

import io.crmpulse.common.metrics.PulseMetrics;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes the source's record changes ({@link RecordNormalizer}): leads on the main output,
 * deals on {@link #DEALS}, records that cannot be normalized on {@link #DEAD_LETTERS}. Stateless.
 *
 * <p>A dead letter is logged at WARN with its module, id and reason only: the payload holds the
 * record's personal data and goes to the {@code dead_letters} table alone. The counter {@code
 * crmpulse.deadLetters} counts them.
 */
public class NormalizeFunction extends ProcessFunction<RecordChange, LeadRow> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(NormalizeFunction.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "normalize-records";

    /** Deal versions and deletions, not yet stamped with won/lost times. */
    public static final OutputTag<DealRow> DEALS =
            new OutputTag<>("deals", TypeInformation.of(DealRow.class));

    /** Records that could not be normalized. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final RecordNormalizer normalizer;
    private transient Counter deadLetters;

    public NormalizeFunction(RecordNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters =
                PulseMetrics.group(getRuntimeContext().getMetricGroup()).counter("deadLetters");
    }

    @Override
    public void processElement(RecordChange change, Context ctx, Collector<LeadRow> out) {
        Instant receivedAt = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        Normalized normalized = normalizer.normalize(change, receivedAt);
        if (normalized instanceof Normalized.Lead lead) {
            out.collect(lead.row());
        } else if (normalized instanceof Normalized.Deal deal) {
            ctx.output(DEALS, deal.row());
        } else if (normalized instanceof Normalized.Dead dead) {
            DeadLetter letter = dead.letter();
            LOG.warn(
                    "Dead letter: {} record {} cannot be normalized and is skipped: {}",
                    letter.getModule(),
                    letter.getRecordId(),
                    letter.getReason());
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, letter);
        } else if (normalized instanceof Normalized.Ignored ignored) {
            LOG.debug("Ignored {}: {}", change, ignored.why());
        }
    }
}
