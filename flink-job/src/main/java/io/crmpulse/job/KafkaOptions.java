package io.crmpulse.job;

import io.crmpulse.job.config.KafkaConnection;
import java.util.Optional;
import javax.annotation.Nullable;
import picocli.CommandLine.Option;

/**
 * The command-line options of the Kafka edges, {@code --source} and {@code --alerts-topic}: a
 * picocli mixin of both launchers, the cluster's ({@link CrmPulseJob}) and the laptop's. Its
 * command line must allow enum values in any case ({@code --source KAFKA}).
 */
public final class KafkaOptions {

    @Option(
            names = "--source",
            paramLabel = "zoho|kafka",
            description =
                    "Where the CRM changes come from: zoho (the API, default) or kafka (Debezium"
                            + " topics of the CRM's database; README, \"CRMs in a database\").",
            defaultValue = "zoho")
    PulseJob.Source source = PulseJob.Source.ZOHO;

    @Option(
            names = "--alerts-topic",
            paramLabel = "NAME",
            description = "Also publish every alert and daily summary to this Kafka topic.")
    @Nullable
    String alertsTopic;

    /** Whether the job reads Zoho, and so needs its credentials. */
    public boolean readsZoho() {
        return source == PulseJob.Source.ZOHO;
    }

    /**
     * Stops the launcher at start when an edge cannot run ({@link PulseJob#checkKafka}).
     *
     * @param kafka the brokers ({@code PULSE_KAFKA_BOOTSTRAP_SERVERS}), if named
     */
    public void check(Optional<KafkaConnection> kafka) {
        PulseJob.checkKafka(source, kafka, alertsTopic);
    }

    /** {@code job} with these edges. */
    public PulseJob applyTo(PulseJob job, Optional<KafkaConnection> kafka) {
        return job.withKafka(source, kafka, alertsTopic);
    }
}
