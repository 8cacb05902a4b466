package io.crmpulse.bench;

import io.crmpulse.simulator.api.RecordRenderer;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.LeadSourceCatalog;
import io.crmpulse.simulator.world.LeadSourceProfile;
import io.crmpulse.simulator.world.LeadStatuses;
import io.crmpulse.simulator.world.Lookup;
import io.crmpulse.simulator.world.OrgCurrency;
import io.crmpulse.simulator.world.Rep;
import io.crmpulse.simulator.world.StageChange;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.model.RecordChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A CRM as a stream of {@link RecordChange}s made from their index alone (no list in memory), to
 * feed {@code CrmPulsePipeline} without the Zoho API: first the fill, {@code leads} leads then
 * {@code leads / 5} deals (deal {@code j} converted from lead {@code 5j}), then cycles of edits of
 * existing records, {@code leadEdits} lead status changes and {@code dealEdits} deal stage moves
 * each. Every {@code fieldsJson} is the simulator's rendering of the record with the fields the job
 * reads ({@link ZohoModule#LEAD_FIELDS}, {@link ZohoModule#DEAL_FIELDS}), i.e. what the job's Zoho
 * client emits for it; sources, statuses, owners, stages, amounts and currencies vary so that every
 * metric and alert rule has work. The same arguments give the same stream.
 *
 * <p>Fill records were modified before {@code start}; cycle {@code c}'s edits are stamped {@code
 * start + c} seconds, and within {@code leads} (or {@code leads / 5}) consecutive edits no record
 * is edited twice, so each edit is a new version. Released as a whole, or cycle by cycle through a
 * {@link CycleGate}:
 *
 * <pre>
 * GeneratedChanges crm = new GeneratedChanges(100_000, 500, 100, Instant.parse("2026-12-01T00:00:00Z"));
 * CycleGate gate = CycleGate.create(crm, 20);
 * env.fromSource(crm.source(gate), ...);       // the fill flows, then waits
 * gate.release(1);                              // one cycle of 600 changes
 * </pre>
 */
public final class GeneratedChanges implements GeneratorFunction<Long, RecordChange> {

    private static final long serialVersionUID = 1L;

    /** How far back the fill's records were created. */
    private static final Duration HISTORY = Duration.ofDays(730);

    private static final List<String> LEAD_STATUSES =
            List.of(
                    LeadStatuses.NOT_CONTACTED,
                    LeadStatuses.ATTEMPTED,
                    LeadStatuses.CONTACTED,
                    LeadStatuses.CONTACT_IN_FUTURE,
                    LeadStatuses.PRE_QUALIFIED,
                    LeadStatuses.NOT_QUALIFIED,
                    LeadStatuses.JUNK,
                    LeadStatuses.LOST,
                    LeadStatuses.NONE);

    private static final List<String> STAGES =
            List.of(
                    DealPipeline.OPEN_STAGES.get(0),
                    DealPipeline.OPEN_STAGES.get(1),
                    DealPipeline.OPEN_STAGES.get(2),
                    DealPipeline.OPEN_STAGES.get(3),
                    DealPipeline.OPEN_STAGES.get(4),
                    DealPipeline.OPEN_STAGES.get(5),
                    DealPipeline.CLOSED_WON,
                    DealPipeline.CLOSED_LOST,
                    DealPipeline.CLOSED_LOST_TO_COMPETITION);

    private static final List<Rep> REPS =
            List.of(
                    rep(1, "Asha Raman"),
                    rep(2, "Ben Carter"),
                    rep(3, "Chitra Bose"),
                    rep(4, "Diego Alvarez"),
                    rep(5, "Elena Petrova"),
                    rep(6, "Farhan Qureshi"),
                    rep(7, "Grace Liu"),
                    rep(8, "Hari Krishnan"));

    private final int leads;
    private final int deals;
    private final int leadEdits;
    private final int dealEdits;
    private final long startMillis;
    private final long leadStride;
    private final long dealStride;
    private transient RecordRenderer renderer;

    /** The catalog's sources, each repeated by its weight: a draw is one index. */
    private transient List<String> sourceDraws;

    /**
     * @param leads the leads of the fill; the fill has {@code leads / 5} deals as well
     * @param leadEdits lead status changes per cycle
     * @param dealEdits deal stage moves per cycle
     * @param start when the first cycle's edits were made; the fill is the two years before it
     */
    public GeneratedChanges(int leads, int leadEdits, int dealEdits, Instant start) {
        if (leads < 5 || leadEdits < 0 || dealEdits < 0) {
            throw new IllegalArgumentException(
                    "need at least 5 leads and no negative edit counts, got "
                            + leads
                            + ", "
                            + leadEdits
                            + ", "
                            + dealEdits);
        }
        this.leads = leads;
        this.deals = leads / 5;
        this.leadEdits = leadEdits;
        this.dealEdits = dealEdits;
        this.startMillis = start.toEpochMilli();
        this.leadStride = coprimeStride(leads);
        this.dealStride = coprimeStride(deals);
    }

    /** Leads and deals of the fill. */
    public long fillSize() {
        return leads + (long) deals;
    }

    /** Changes per cycle. */
    public long cycleSize() {
        return leadEdits + (long) dealEdits;
    }

    /** The fill and {@code cycles} cycles. */
    public long count(long cycles) {
        return fillSize() + cycles * cycleSize();
    }

    /** A source of the fill and {@code cycles} cycles, all at once. */
    public DataGeneratorSource<RecordChange> source(long cycles) {
        return new DataGeneratorSource<>(
                this, count(cycles), TypeInformation.of(RecordChange.class));
    }

    /**
     * A source (parallelism 1: the cycles are numbered in emission order) of the fill and the
     * gate's cycles, each cycle held until {@code gate} releases it.
     */
    public DataGeneratorSource<RecordChange> source(CycleGate gate) {
        GeneratedChanges changes = this;
        GeneratorFunction<Long, RecordChange> counted =
                index -> {
                    gate.generating(index);
                    return changes.map(index);
                };
        return new DataGeneratorSource<>(
                counted, count(gate.cycles()), gate, TypeInformation.of(RecordChange.class));
    }

    @Override
    public RecordChange map(Long index) {
        if (renderer == null) {
            renderer = new RecordRenderer(ZoneOffset.UTC);
            // The catalog's own pick filters and sums its list on every call: a third of the
            // generator's time at a million records.
            List<String> draws = new ArrayList<>();
            for (LeadSourceProfile profile : LeadSourceCatalog.standard().profiles()) {
                draws.addAll(Collections.nCopies(profile.weight(), profile.name()));
            }
            sourceDraws = draws;
        }
        long i = index;
        if (i < leads) {
            Lead lead = lead(i, initialStatus(i), createdAt(i).plus(Duration.ofHours(1 + i % 48)));
            return change(ZohoModule.LEAD_FIELDS, "Leads", lead.id(), lead.modifiedTime(), lead);
        }
        if (i < fillSize()) {
            long j = i - leads;
            Deal deal = deal(j, initialStage(j), createdAt(5 * j).plus(Duration.ofDays(3)));
            return change(ZohoModule.DEAL_FIELDS, "Deals", deal.id(), deal.modifiedTime(), deal);
        }
        long k = i - fillSize();
        long cycle = k / cycleSize();
        long slot = k % cycleSize();
        Instant at = Instant.ofEpochMilli(startMillis).plusSeconds(cycle);
        if (slot < leadEdits) {
            long lead = Math.floorMod((cycle * leadEdits + slot) * leadStride, (long) leads);
            String status = LEAD_STATUSES.get((int) ((lead + cycle + 1) % LEAD_STATUSES.size()));
            Lead edited = lead(lead, status, at);
            return change(ZohoModule.LEAD_FIELDS, "Leads", edited.id(), at, edited);
        }
        long deal =
                Math.floorMod((cycle * dealEdits + slot - leadEdits) * dealStride, (long) deals);
        String stage = STAGES.get((int) ((deal + cycle + 1) % STAGES.size()));
        Deal moved = deal(deal, stage, at);
        return change(ZohoModule.DEAL_FIELDS, "Deals", moved.id(), at, moved);
    }

    private RecordChange change(
            List<String> fields, String module, String id, Instant modified, CrmRecord record) {
        String json = renderer.json(record, fields);
        return RecordChange.upsert(module, id, modified, json);
    }

    private Lead lead(long i, String status, Instant modified) {
        SplittableRandom random = new SplittableRandom(i);
        String source = sourceDraws.get(random.nextInt(sourceDraws.size()));
        Instant created = createdAt(i);
        // Deal j was converted from lead 5j, a day after the lead came in.
        boolean converted = i % 5 == 0 && i / 5 < deals;
        Instant convertedAt = converted ? created.plus(Duration.ofDays(1)) : null;
        return new Lead(
                leadId(i),
                null,
                "Lead " + i,
                "Company " + (i % 997),
                null,
                null,
                status,
                REPS.get((int) (i % REPS.size())),
                source,
                created,
                modified,
                converted,
                convertedAt,
                converted ? new Lookup("Deal " + i / 5, dealId(i / 5)) : null);
    }

    private Deal deal(long j, String stage, Instant modified) {
        long leadIndex = 5 * j;
        SplittableRandom random = new SplittableRandom(leadIndex);
        String source = sourceDraws.get(random.nextInt(sourceDraws.size()));
        OrgCurrency currency = j % 10 == 0 ? OrgCurrency.USD : OrgCurrency.INR;
        // Lognormal-ish amounts: most deals small, a few big enough for the big-deal rules.
        long amount = 10_000L * (1 + random.nextInt(20)) * (random.nextInt(10) == 0 ? 50 : 1);
        Instant created = createdAt(leadIndex).plus(Duration.ofDays(1));
        return new Deal(
                dealId(j),
                "Deal " + j,
                stage,
                BigDecimal.valueOf(amount),
                currency,
                currency.exchangeRate(),
                DealPipeline.probabilityOf(stage, 10),
                LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(30 + j % 60),
                REPS.get((int) (leadIndex % REPS.size())),
                source,
                "New Business",
                null,
                created,
                modified,
                List.of(new StageChange(modified, stage)));
    }

    /** Spread over the two years before {@code start}, oldest first. */
    private Instant createdAt(long leadIndex) {
        long span = HISTORY.toMillis() - Duration.ofDays(5).toMillis();
        return Instant.ofEpochMilli(
                startMillis - HISTORY.toMillis() + span * leadIndex / Math.max(1, leads));
    }

    private static String initialStatus(long i) {
        return LEAD_STATUSES.get((int) (new SplittableRandom(~i).nextInt(LEAD_STATUSES.size())));
    }

    private static String initialStage(long j) {
        return STAGES.get((int) (new SplittableRandom(~j).nextInt(STAGES.size())));
    }

    /** Zoho ids are long numeric strings; these never collide between modules. */
    private static String leadId(long i) {
        return Long.toString(4_876_000_000_000_000_000L + i);
    }

    private static String dealId(long j) {
        return Long.toString(4_876_100_000_000_000_000L + j);
    }

    private static Rep rep(int n, String name) {
        String login = name.toLowerCase(Locale.ROOT).replace(' ', '.');
        return new Rep(
                Long.toString(4_876_200_000_000_000_000L + n),
                name,
                login + "@crmpulse-demo.example");
    }

    /** A step through {@code 0..n-1} that visits every index once per {@code n} steps. */
    private static long coprimeStride(long n) {
        long stride = 7_919; // prime
        while (n > 1 && gcd(stride, n) != 1) {
            stride++;
        }
        return stride % Math.max(1, n);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
