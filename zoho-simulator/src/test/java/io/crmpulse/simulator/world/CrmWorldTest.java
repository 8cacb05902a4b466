package io.crmpulse.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmWorldTest {

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00.750Z");

    private final SimClock clock = SimClock.fixed(T0);
    private final CrmWorld world = new CrmWorld(42, clock);

    @Test
    void stampsEveryMutationWithTheClockTruncatedToTheSecond() {
        String id = world.createLeads(1).get(0);
        clock.advance(Duration.ofSeconds(90));

        world.editRecord("Leads", id);

        Lead lead = world.lead(id).orElseThrow();
        assertThat(lead.createdTime()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(lead.modifiedTime()).isEqualTo(Instant.parse("2026-03-10T12:01:30Z"));
    }

    @Test
    void aBulkEditTiesEveryLeadItTouchesInOneSecond() {
        world.createLeads(50);
        clock.advance(Duration.ofMinutes(1));

        List<String> edited = world.bulkEditLeads(30);

        assertThat(edited).hasSize(30).doesNotHaveDuplicates();
        assertThat(edited)
                .allSatisfy(
                        id ->
                                assertThat(world.lead(id).orElseThrow().modifiedTime())
                                        .isEqualTo(Instant.parse("2026-03-10T12:01:00Z")));
    }

    @Test
    void convertingALeadMarksItAndCreatesADealInQualification() {
        String leadId = world.createLeads(1, "Partner", LeadStatuses.PRE_QUALIFIED).get(0);

        String dealId = world.convertLead(leadId);

        Lead lead = world.lead(leadId).orElseThrow();
        Deal deal = world.deal(dealId).orElseThrow();
        assertThat(lead.converted()).isTrue();
        assertThat(lead.convertedTime()).isEqualTo(lead.modifiedTime());
        assertThat(lead.convertedDeal().id()).isEqualTo(dealId);
        assertThat(deal.stage()).isEqualTo(DealPipeline.QUALIFICATION);
        assertThat(deal.leadSource()).isEqualTo("Partner");
        assertThat(deal.owner()).isEqualTo(lead.owner());
        assertThatThrownBy(() -> world.convertLead(leadId))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void movingADealStageRecordsItsHistoryAndDefaultProbability() {
        String id = world.createDeals(1).get(0);
        clock.advance(Duration.ofDays(1));

        world.moveDealStage(id, "Proposal/Price Quote");

        Deal deal = world.deal(id).orElseThrow();
        assertThat(deal.probability()).isEqualTo(75);
        assertThat(deal.stageHistory())
                .extracting(StageChange::stage)
                .containsExactly(DealPipeline.QUALIFICATION, "Proposal/Price Quote");
    }

    @Test
    void deletedRecordsGoToTheRecycleBinAndCanBePurgedOrRestored() {
        List<String> ids = world.createLeads(3);

        world.deleteRecord("Leads", ids.get(0));
        world.deleteRecord("Leads", ids.get(1));
        world.deleteRecordPermanently("Leads", ids.get(1));
        world.restoreRecord("Leads", ids.get(0));

        assertThat(world.liveRecords("Leads"))
                .extracting(CrmRecord::id)
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(world.deletedRecords(CrmModule.LEADS))
                .singleElement()
                .satisfies(d -> assertThat(d.type()).isEqualTo(DeletionType.PERMANENT));
        assertThatThrownBy(() -> world.restoreRecord("Leads", ids.get(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomEditsOnlyProgressOpenRecords() {
        world.createLeads(5, "Chat", LeadStatuses.JUNK);
        String open = world.createLeads(1, "Chat", LeadStatuses.NOT_CONTACTED).get(0);
        String won = world.createDeal("Chat", DealPipeline.CLOSED_WON, null, OrgCurrency.INR, null);

        assertThat(world.editLeads(3)).containsExactly(open);
        assertThat(world.editDeals(3)).isEmpty();
        assertThat(world.deal(won).orElseThrow().stageHistory()).hasSize(1);
    }

    @Test
    void theSameSeedAndCallsMakeTheSameWorld() {
        CrmWorld twin = new CrmWorld(42, clock);
        CrmWorld other = new CrmWorld(43, clock);
        for (CrmWorld w : List.of(world, twin, other)) {
            w.createLeads(20);
            w.convertLeads(3);
            w.createDeals(5);
            w.editDeals(2);
        }

        assertThat(twin.snapshot()).isEqualTo(world.snapshot());
        assertThat(other.snapshot()).isNotEqualTo(world.snapshot());
    }

    @Test
    void writesHistoryAtThePastInstantItIsGiven() {
        Instant past = Instant.parse("2026-01-01T09:00:00Z");

        world.writeHistory(past, w -> w.createLeads(2));

        assertThat(world.liveRecords("Leads"))
                .allSatisfy(r -> assertThat(r.createdTime()).isEqualTo(past));
        assertThat(world.now()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
    }
}
