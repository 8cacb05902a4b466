package io.crmpulse.job.alerts.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.sinks.testing.JobMetrics;
import io.crmpulse.zoho.model.RecordChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules wired by {@link AnomalyRules#attach} run on a Flink MiniCluster with generic types
 * disabled: a big deal lost now comes out as one R4 alert; nothing else fires on a short history.
 */
class AnomalyRulesITCase {

    private static final JobMetrics METRICS = new JobMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.configuration())
                            .build());

    private static DealRow deal(String id, String stage, long amount, Instant modified) {
        DealRow d = new DealRow();
        d.setId(id);
        d.setDealName("Deal " + id);
        d.setStage(stage);
        d.setStageClass(MetricClasses.defaults().stageClass(stage));
        d.setAmountHome(BigDecimal.valueOf(amount));
        d.setOwnerId("o1");
        d.setOwnerName("Priya Sharma");
        d.setLeadSource("Web");
        d.setCreatedTime(modified.minus(Duration.ofDays(30)));
        d.setModifiedTime(modified);
        if (d.getStageClass().equals("won")) {
            d.setWonAt(modified);
        }
        return d;
    }

    @Test
    void aBigDealLostNowIsOneAlert() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        env.setParallelism(2);
        Instant now = Instant.now();
        List<DealRow> deals = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            deals.add(deal("W" + i, "Closed Won", 100_000L * i, now.minus(Duration.ofDays(i))));
        }
        deals.add(deal("BIG", "Negotiation/Review", 2_000_000, now.minus(Duration.ofDays(1))));
        LeadRow lead = new LeadRow();
        lead.setId("L1");
        lead.setLeadSource("Web");
        lead.setLeadStatus("Not Contacted");
        lead.setStatusClass("untouched");
        lead.setOwnerId("o1");
        lead.setOwnerName("Priya Sharma");
        lead.setCreatedTime(now);
        lead.setModifiedTime(now);

        List<Alert> alerts = new ArrayList<>();
        JobID job;
        try (CloseableIterator<Alert> it =
                AnomalyRules.attach(
                                env.fromData(List.of(lead), TypeInformation.of(LeadRow.class)),
                                env.fromData(deals, TypeInformation.of(DealRow.class)),
                                env.fromData(
                                        List.of(
                                                new DealStageEvent(
                                                        "BIG",
                                                        now,
                                                        "Closed Lost",
                                                        "Negotiation/Review",
                                                        "lost",
                                                        BigDecimal.valueOf(2_000_000))),
                                        TypeInformation.of(DealStageEvent.class)),
                                env.fromData(
                                        List.of(
                                                Fixtures.poll("Leads", now),
                                                Fixtures.poll("Deals", now)),
                                        TypeInformation.of(RecordChange.class)),
                                AlertSettings.defaults(),
                                MetricClasses.defaults(),
                                Fixtures.ZONE,
                                Fixtures.DISPLAY)
                        .collectAsync()) {
            job = env.executeAsync("anomaly rules").getJobID();
            it.forEachRemaining(alerts::add);
        }

        assertThat(alerts)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getRule()).isEqualTo(Alert.R4_BIG_DEAL_LOST);
                            assertThat(a.getSubject()).isEqualTo("deal:BIG");
                            // The inputs are separate bounded sources here, so the stage
                            // event may pass the deals: the alert fires either way.
                            assertThat(a.getMessage())
                                    .startsWith("Big deal lost: ")
                                    .contains("(₹20,00,000)");
                        });
        assertThat(METRICS.all(job, "alertsFired")).hasSize(1);
        assertThat(METRICS.count(job, "crmpulse.rule.R4_BIG_DEAL_LOST.alertsFired")).isEqualTo(1);
    }
}
