package io.crmpulse.job.alerts;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.OwnerLeadChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a lead transition moves the counts of sources and the untouched leads of owners. */
class LeadRoutingTest {

    private static final Instant T = local("2026-03-09T10:00");

    private static LeadSnapshot lead(String source, String cls, String owner) {
        return Fixtures.snapshot(source, cls, owner, T, T);
    }

    private static List<String> deltas(LeadSnapshot before, LeadSnapshot after) {
        return Fixtures.deltas(Fixtures.transition("1", before, after, T, true)).stream()
                .map(LeadRoutingTest::show)
                .toList();
    }

    private static String show(LeadCountDelta d) {
        return d.getSubject() + " " + d.getCreated() + "/" + d.getTriaged() + "/" + d.getJunk();
    }

    private static List<String> owners(LeadSnapshot before, LeadSnapshot after) {
        return Fixtures.ownerChanges(Fixtures.transition("1", before, after, T, true)).stream()
                .map(c -> c.getOwnerId() + (c.isUntouched() ? " untouched" : " gone"))
                .toList();
    }

    @Test
    void aNewLeadCountsForItsSourceAndTheTotal() {
        assertThat(deltas(null, lead("Web", "untouched", "o1")))
                .containsExactly("total 1/0/0", "source:Web 1/0/0");
    }

    @Test
    void triagingAsJunkAddsTriagedAndJunk() {
        assertThat(deltas(lead("Web", "untouched", "o1"), lead("Web", "junk", "o1")))
                .containsExactly("total 0/1/1", "source:Web 0/1/1");
    }

    @Test
    void aSourceChangeMovesTheLeadAndLeavesTheTotal() {
        assertThat(deltas(lead("Web", "junk", "o1"), lead("Chat", "junk", "o1")))
                .containsExactly("source:Web -1/-1/-1", "source:Chat 1/1/1");
    }

    @Test
    void aDeletionSubtractsEverything() {
        assertThat(deltas(lead("Web", "junk", "o1"), null))
                .containsExactly("total -1/-1/-1", "source:Web -1/-1/-1");
    }

    @Test
    void anEditThatMovesNoCountMovesNothing() {
        assertThat(deltas(lead("Web", "attempted", "o1"), lead("Web", "contacted", "o2")))
                .isEmpty();
    }

    @Test
    void ownersGainAndLoseUntouchedLeads() {
        assertThat(owners(null, lead("Web", "untouched", "o1"))).containsExactly("o1 untouched");
        assertThat(owners(lead("Web", "untouched", "o1"), lead("Web", "attempted", "o1")))
                .containsExactly("o1 gone");
        assertThat(owners(lead("Web", "untouched", "o1"), lead("Web", "untouched", "o2")))
                .containsExactly("o1 gone", "o2 untouched");
        assertThat(owners(lead("Web", "untouched", "o1"), null)).containsExactly("o1 gone");
        assertThat(owners(lead("Web", "attempted", "o1"), lead("Web", "attempted", "o2")))
                .isEmpty();
        assertThat(owners(null, lead("Web", "junk", "o1"))).isEmpty();
    }

    @Test
    void anOwnerChangeCarriesNoLeadPersonalData() {
        OwnerLeadChange c =
                Fixtures.ownerChanges(
                                Fixtures.transition(
                                        "1", null, lead("Web", "untouched", "o1"), T, true))
                        .get(0);
        assertThat(c.toString()).doesNotContain("Rep o1");
    }
}
