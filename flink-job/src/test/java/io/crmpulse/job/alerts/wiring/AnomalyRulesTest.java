package io.crmpulse.job.alerts.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.alerts.bigdeal.BigDealLostFunction;
import io.crmpulse.job.alerts.common.LeadTransitionFunction;
import io.crmpulse.job.alerts.health.DataHealthFunction;
import io.crmpulse.job.alerts.untouched.OwnerChanges;
import io.crmpulse.job.alerts.untouched.UntouchedLeadsFunction;
import io.crmpulse.job.alerts.volume.LeadVolumeRulesFunction;
import io.crmpulse.job.alerts.volume.SourceDeltas;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The operators {@link AnomalyRules#attach} adds: named, uid'd, no Kryo anywhere. */
class AnomalyRulesTest {

    @Test
    void everyOperatorHasItsUidAndNameAndNoGenericType() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        Instant t = Instant.parse("2026-03-09T15:00:00Z");
        LeadRow lead = LeadRow.deletion("1", t);
        DealRow deal = DealRow.deletion("2", t);
        DataStream<Alert> alerts =
                AnomalyRules.attach(
                        env.fromData(List.of(lead), TypeInformation.of(LeadRow.class)),
                        env.fromData(List.of(deal), TypeInformation.of(DealRow.class)),
                        env.fromData(
                                List.of(
                                        new DealStageEvent(
                                                "2", t, "Closed Lost", null, "lost", null)),
                                TypeInformation.of(DealStageEvent.class)),
                        env.fromData(
                                List.of(Fixtures.poll("Leads", t)),
                                TypeInformation.of(RecordChange.class)),
                        AlertSettings.defaults(),
                        MetricClasses.defaults(),
                        Fixtures.ZONE,
                        Fixtures.DISPLAY);
        alerts.sinkTo(new DiscardingSink<>());

        // Building the graph creates every serializer: a generic type would throw here.
        StreamGraph graph = env.getStreamGraph();

        Map<String, String> namesByUid =
                graph.getStreamNodes().stream()
                        .filter(n -> n.getTransformationUID() != null)
                        .collect(
                                Collectors.toMap(
                                        StreamNode::getTransformationUID,
                                        StreamNode::getOperatorName));
        assertThat(namesByUid)
                .containsEntry(LeadTransitionFunction.UID, LeadTransitionFunction.NAME)
                .containsEntry(SourceDeltas.UID, SourceDeltas.NAME)
                .containsEntry(OwnerChanges.UID, OwnerChanges.NAME)
                .containsEntry(LeadVolumeRulesFunction.UID, LeadVolumeRulesFunction.NAME)
                .containsEntry(UntouchedLeadsFunction.UID, UntouchedLeadsFunction.NAME)
                .containsEntry(BigDealLostFunction.UID, BigDealLostFunction.NAME)
                .containsEntry(DataHealthFunction.UID, DataHealthFunction.NAME);
        assertThat(graph.getStreamNodes().stream().map(StreamNode::getOperatorName))
                .filteredOn(name -> name.startsWith("alerts:"))
                .hasSize(7);
    }
}
