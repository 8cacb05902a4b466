package io.crmpulse.simulator.world;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The simulated CRM: reps, live leads and deals, and the recycle bin. Every mutation stamps the
 * records it touches with {@code Modified_Time} = the clock's now truncated to the second (one
 * reading per call, so a bulk call ties all its records in one second) and returns the ids it
 * touched. Random choices come from one generator seeded at construction, so the same seed and the
 * same calls give the same world.
 *
 * <p>Thread-safe: every method holds the world's lock, so the API server always reads a consistent
 * world.
 */
public final class CrmWorld {

    private static final int REP_COUNT = 8;
    private static final List<String> NEXT_STEPS =
            List.of("Send proposal", "Schedule demo", "Call back", "Share pricing", "Meet CFO");

    private final long seed;
    private final Clock clock;
    private final SplittableRandom random;
    private final RecordIdSequence ids = new RecordIdSequence();
    private final LeadSourceCatalog sources = LeadSourceCatalog.standard();
    private final List<Rep> reps;

    // Ids all have 19 digits, so string order is numeric order.
    private final Map<String, Lead> leads = new TreeMap<>();
    private final Map<String, Deal> deals = new TreeMap<>();
    private final Map<String, DeletedRecord> deleted = new TreeMap<>();

    /** Per record id: fields the API sends as this raw JSON instead of the record's own value. */
    private final Map<String, Map<String, String>> rawFields = new TreeMap<>();

    /** Counts the changes to the live records, so readers can keep views of them per version. */
    private long version;

    /** Set while {@link #writeHistory} runs: the instant mutations are stamped with. */
    private Instant historyNow;

    /** An empty world (no leads, no deals) with its reps. */
    public CrmWorld(long seed, Clock clock) {
        this.seed = seed;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new SplittableRandom(seed);
        List<Rep> team = new ArrayList<>();
        for (String name : FakePeople.repNames().subList(0, REP_COUNT)) {
            String login = name.toLowerCase(Locale.ROOT).replace(' ', '.');
            team.add(new Rep(ids.next(random), name, login + "@crmpulse-demo.example"));
        }
        this.reps = List.copyOf(team);
    }

    public long seed() {
        return seed;
    }

    /** The instant the next mutation is stamped with. */
    public synchronized Instant now() {
        Instant now = historyNow != null ? historyNow : clock.instant();
        return now.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Runs {@code mutations} as if the clock read {@code when}: how scenarios and tests write
     * history with past {@code Created_Time}/{@code Modified_Time}. No other thread sees the world
     * in between.
     */
    public synchronized void writeHistory(Instant when, Consumer<CrmWorld> mutations) {
        Objects.requireNonNull(when, "when");
        Instant previous = historyNow;
        historyNow = when;
        try {
            mutations.accept(this);
        } finally {
            historyNow = previous;
        }
    }

    /** The org's reps, in a fixed order. */
    public List<Rep> reps() {
        return reps;
    }

    public Rep rep(String id) {
        return reps.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No rep with id " + id));
    }

    public LeadSourceCatalog leadSources() {
        return sources;
    }

    // ---------------------------------------------------------------- leads

    /** Creates {@code n} Not Contacted leads with sources drawn by weight and random owners. */
    public synchronized List<String> createLeads(int n) {
        requireCount(n);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(addLead(sources.pick(random), LeadStatuses.NOT_CONTACTED, randomRep()));
        }
        return created;
    }

    /**
     * Creates {@code n} leads with this source and status ({@code null} for an unset picklist) and
     * random owners.
     */
    public synchronized List<String> createLeads(int n, String leadSource, String status) {
        requireCount(n);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(addLead(leadSource, status, randomRep()));
        }
        return created;
    }

    /** Creates {@code n} leads with this source, status and owner ({@code null}: unassigned). */
    public synchronized List<String> createLeads(
            int n, String leadSource, String status, Rep owner) {
        requireCount(n);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(addLead(leadSource, status, owner));
        }
        return created;
    }

    /**
     * Moves {@code n} random open leads (not converted, junk, lost or disqualified) one status on,
     * with the odds of each lead's source. Fewer when fewer are open.
     */
    public synchronized List<String> editLeads(int n) {
        requireCount(n);
        List<String> edited = new ArrayList<>();
        for (Lead lead :
                pick(leads.values(), n, l -> !l.converted() && canProgress(l.leadStatus()))) {
            String next =
                    LeadStatuses.next(
                            lead.leadStatus(), sources.profile(lead.leadSource()), random);
            putLead(lead.id(), lead.withStatus(next, now()));
            edited.add(lead.id());
        }
        return edited;
    }

    /** Sets a live lead's {@code Lead_Status}. */
    public synchronized void setLeadStatus(String id, String status) {
        Lead lead = liveLead(id);
        putLead(id, lead.withStatus(status, now()));
    }

    /**
     * A mass transfer of {@code n} random live leads to one random rep, all in the same second: the
     * ties an incremental poller must page through without losing a record.
     */
    public synchronized List<String> bulkEditLeads(int n) {
        requireCount(n);
        List<String> chosen = pick(leads.values(), n, l -> true).stream().map(Lead::id).toList();
        return bulkTransferLeads(chosen, randomRep());
    }

    /** Zoho's "Mass Transfer": these live leads get {@code newOwner}, all in the same second. */
    public synchronized List<String> bulkTransferLeads(Collection<String> leadIds, Rep newOwner) {
        Instant now = now();
        List<String> edited = new ArrayList<>();
        for (String id : leadIds) {
            putLead(id, liveLead(id).withOwner(newOwner, now));
            edited.add(id);
        }
        return edited;
    }

    /**
     * Converts {@code n} random open leads: each gets {@code Converted__s = true} and {@code
     * Converted_Date_Time}, and a new deal in Qualification. Returns the lead ids; {@link
     * Lead#convertedDeal()} names each deal.
     */
    public synchronized List<String> convertLeads(int n) {
        requireCount(n);
        List<String> converted = new ArrayList<>();
        for (Lead lead :
                pick(leads.values(), n, l -> !l.converted() && canProgress(l.leadStatus()))) {
            convertLead(lead.id());
            converted.add(lead.id());
        }
        return converted;
    }

    /** Converts one live, unconverted lead; returns the id of the deal it creates. */
    public synchronized String convertLead(String id) {
        Lead lead = liveLead(id);
        if (lead.converted()) {
            throw new IllegalArgumentException("Lead " + id + " is already converted");
        }
        Instant now = now();
        OrgCurrency currency = randomCurrency();
        Deal deal =
                newDeal(
                        lead.company(),
                        lead.leadSource(),
                        DealPipeline.QUALIFICATION,
                        randomAmount(currency),
                        currency,
                        lead.owner());
        putDeal(deal.id(), deal);
        putLead(id, lead.convertedTo(new Lookup(deal.dealName(), deal.id()), now));
        return deal.id();
    }

    /** Moves {@code n} random live leads to the recycle bin. */
    public synchronized List<String> deleteLeads(int n) {
        return deleteRandom(CrmModule.LEADS, n);
    }

    // ---------------------------------------------------------------- deals

    /** Creates {@code n} deals in Qualification with random sources, owners and amounts. */
    public synchronized List<String> createDeals(int n) {
        requireCount(n);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OrgCurrency currency = randomCurrency();
            Deal deal =
                    newDeal(
                            FakePeople.company(random),
                            sources.pick(random),
                            DealPipeline.QUALIFICATION,
                            randomAmount(currency),
                            currency,
                            randomRep());
            putDeal(deal.id(), deal);
            created.add(deal.id());
        }
        return created;
    }

    /**
     * Creates one deal exactly as given ({@code amount} in {@code currency}, {@code null} for an
     * empty amount; {@code owner} {@code null} for unassigned); returns its id.
     */
    public synchronized String createDeal(
            String leadSource, String stage, BigDecimal amount, OrgCurrency currency, Rep owner) {
        Deal deal = newDeal(FakePeople.company(random), leadSource, stage, amount, currency, owner);
        putDeal(deal.id(), deal);
        return deal.id();
    }

    /** Moves {@code n} random open deals one stage on (or to a close). */
    public synchronized List<String> editDeals(int n) {
        requireCount(n);
        List<String> edited = new ArrayList<>();
        for (Deal deal : pick(deals.values(), n, d -> !DealPipeline.isClosed(d.stage()))) {
            moveDealStage(deal.id(), DealPipeline.nextStage(deal.stage(), random));
            edited.add(deal.id());
        }
        return edited;
    }

    /**
     * Moves a live deal to {@code stage} (any string, as a custom stage would be); the probability
     * becomes the stage's default.
     */
    public synchronized void moveDealStage(String id, String stage) {
        Objects.requireNonNull(stage, "stage");
        Deal deal = liveDeal(id);
        putDeal(
                id,
                deal.withStage(
                        stage, DealPipeline.probabilityOf(stage, deal.probability()), now()));
    }

    /** Moves {@code n} random live deals to the recycle bin. */
    public synchronized List<String> deleteDeals(int n) {
        return deleteRandom(CrmModule.DEALS, n);
    }

    // ---------------------------------------------------------------- any module

    /**
     * An edit that changes no metric: a lead's phone or a deal's next step. It still bumps {@code
     * Modified_Time}, as every Zoho edit does.
     */
    public synchronized void editRecord(String module, String id) {
        Instant now = now();
        switch (CrmModule.of(module)) {
            case LEADS -> putLead(id, liveLead(id).withPhone(FakePeople.phone(random), now));
            case DEALS ->
                    putDeal(
                            id,
                            liveDeal(id)
                                    .withNextStep(
                                            NEXT_STEPS.get(random.nextInt(NEXT_STEPS.size())),
                                            now));
        }
    }

    /** Moves a live record to the recycle bin (listed by {@code /deleted} as {@code recycle}). */
    public synchronized void deleteRecord(String module, String id) {
        CrmRecord record = removeLive(CrmModule.of(module), id);
        deleted.put(id, new DeletedRecord(record, DeletionType.RECYCLE, now(), deleter(record)));
    }

    /**
     * Deletes a live record, or empties it from the recycle bin, for good: {@code /deleted} then
     * lists it as {@code permanent}, with a new {@code deleted_time}, and it cannot be restored.
     */
    public synchronized void deleteRecordPermanently(String module, String id) {
        CrmModule m = CrmModule.of(module);
        DeletedRecord inBin = deleted.get(id);
        CrmRecord record;
        if (inBin != null && inBin.module() == m && inBin.type() == DeletionType.RECYCLE) {
            record = inBin.record();
        } else {
            record = removeLive(m, id);
        }
        deleted.put(id, new DeletedRecord(record, DeletionType.PERMANENT, now(), null));
    }

    /**
     * Restores a record from the recycle bin. It reappears in Get Records with {@code
     * Modified_Time} = now (so an incremental poller sees it again) and leaves {@code /deleted}.
     */
    public synchronized void restoreRecord(String module, String id) {
        CrmModule m = CrmModule.of(module);
        DeletedRecord inBin = deleted.get(id);
        if (inBin == null || inBin.module() != m || inBin.type() != DeletionType.RECYCLE) {
            throw new IllegalArgumentException(
                    "No " + m.apiName() + " record " + id + " in the recycle bin");
        }
        deleted.remove(id);
        Instant now = now();
        if (inBin.record() instanceof Lead lead) {
            putLead(id, lead.touchedAt(now));
        } else if (inBin.record() instanceof Deal deal) {
            putDeal(id, deal.touchedAt(now));
        }
    }

    /**
     * From now on the API sends {@code json}, a JSON value written as is, as {@code field} of this
     * live record: a value that the typed records cannot hold but that an import or an integration
     * can put into a CRM, such as a NUL character in a name ({@code "Acme\u0000"}) or an amount of
     * {@code 1e100000000}. A nested field is set whole ({@code Owner}: {@code {"name": ..., "id":
     * ...}}). Stamps {@code Modified_Time} like any edit. The ground truth knows only the record's
     * own values, i.e. the CRM once {@link #clearRawFields} has corrected it.
     */
    public synchronized void setRawField(String module, String id, String field, String json) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(json, "json");
        touchLive(CrmModule.of(module), id);
        rawFields.computeIfAbsent(id, k -> new TreeMap<>()).put(field, json);
    }

    /**
     * The record's own values again, as a user correcting it would; stamps {@code Modified_Time}.
     */
    public synchronized void clearRawFields(String module, String id) {
        touchLive(CrmModule.of(module), id);
        rawFields.remove(id);
    }

    // ---------------------------------------------------------------- reads

    /** The raw JSON the API sends for fields of this record ({@link #setRawField}), by field. */
    public synchronized Map<String, String> rawFields(String id) {
        return Map.copyOf(rawFields.getOrDefault(id, Map.of()));
    }

    /** The live (not deleted) records of a module, by id. Converted leads are live. */
    public synchronized List<CrmRecord> liveRecords(String module) {
        return liveRecords(CrmModule.of(module));
    }

    /**
     * Changes whenever a live record is created, edited, deleted or restored: two reads of {@link
     * #liveRecords} at the same version return the same records.
     */
    public synchronized long version() {
        return version;
    }

    public synchronized List<CrmRecord> liveRecords(CrmModule module) {
        return List.copyOf(module == CrmModule.LEADS ? leads.values() : deals.values());
    }

    public synchronized Optional<Lead> lead(String id) {
        return Optional.ofNullable(leads.get(id));
    }

    public synchronized Optional<Deal> deal(String id) {
        return Optional.ofNullable(deals.get(id));
    }

    /** Deleted records of a module (recycle bin and permanent), by id. */
    public synchronized List<DeletedRecord> deletedRecords(CrmModule module) {
        return deleted.values().stream().filter(d -> d.module() == module).toList();
    }

    public synchronized WorldSnapshot snapshot() {
        return new WorldSnapshot(
                List.copyOf(leads.values()),
                List.copyOf(deals.values()),
                List.copyOf(deleted.values()));
    }

    public synchronized int liveCount(CrmModule module) {
        return module == CrmModule.LEADS ? leads.size() : deals.size();
    }

    public synchronized int deletedCount(CrmModule module) {
        return (int) deleted.values().stream().filter(d -> d.module() == module).count();
    }

    // ---------------------------------------------------------------- internals

    private void putLead(String id, Lead lead) {
        leads.put(id, lead);
        version++;
    }

    private void putDeal(String id, Deal deal) {
        deals.put(id, deal);
        version++;
    }

    private String addLead(String leadSource, String status, Rep owner) {
        Instant now = now();
        String first = FakePeople.firstName(random);
        String last = FakePeople.lastName(random);
        String company = FakePeople.company(random);
        Lead lead =
                new Lead(
                        ids.next(random),
                        first,
                        last,
                        company,
                        FakePeople.email(first, last, company),
                        FakePeople.phone(random),
                        status,
                        owner,
                        leadSource,
                        now,
                        now,
                        false,
                        null,
                        null);
        putLead(lead.id(), lead);
        return lead.id();
    }

    private Deal newDeal(
            String name,
            String leadSource,
            String stage,
            BigDecimal amount,
            OrgCurrency currency,
            Rep owner) {
        Instant now = now();
        LocalDate closing =
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(15 + random.nextInt(76));
        return new Deal(
                ids.next(random),
                name,
                stage,
                amount,
                currency,
                currency.exchangeRate(),
                DealPipeline.probabilityOf(stage, 0),
                closing,
                owner,
                leadSource,
                random.nextDouble() < 0.7 ? "New Business" : "Existing Business",
                null,
                now,
                now,
                List.of(new StageChange(now, stage)));
    }

    /**
     * Deal sizes spread log-uniformly from ₹50,000 to ₹3,000,000, quoted in the deal's currency and
     * rounded like a rep would (rupees to the thousand, dollars and euros to the ten); one deal in
     * thirty has no amount.
     */
    private BigDecimal randomAmount(OrgCurrency currency) {
        if (random.nextInt(30) == 0) {
            return null;
        }
        double rupees = Math.exp(Math.log(50_000) + random.nextDouble() * Math.log(60));
        BigDecimal quoted = BigDecimal.valueOf(rupees).multiply(currency.exchangeRate());
        int roundTo = currency == OrgCurrency.INR ? -3 : -1;
        return quoted.setScale(roundTo, RoundingMode.HALF_UP).setScale(0);
    }

    private OrgCurrency randomCurrency() {
        double roll = random.nextDouble();
        return roll < 0.6 ? OrgCurrency.INR : roll < 0.9 ? OrgCurrency.USD : OrgCurrency.EUR;
    }

    private Rep randomRep() {
        return reps.get(random.nextInt(reps.size()));
    }

    private List<String> deleteRandom(CrmModule module, int n) {
        requireCount(n);
        Collection<? extends CrmRecord> live =
                module == CrmModule.LEADS ? leads.values() : deals.values();
        List<String> chosen =
                pick(new ArrayList<CrmRecord>(live), n, r -> true).stream()
                        .map(CrmRecord::id)
                        .toList();
        chosen.forEach(id -> deleteRecord(module.apiName(), id));
        return chosen;
    }

    private void touchLive(CrmModule module, String id) {
        Instant now = now();
        switch (module) {
            case LEADS -> putLead(id, liveLead(id).touchedAt(now));
            case DEALS -> putDeal(id, liveDeal(id).touchedAt(now));
        }
    }

    private CrmRecord removeLive(CrmModule module, String id) {
        CrmRecord removed = module == CrmModule.LEADS ? leads.remove(id) : deals.remove(id);
        version++;
        if (removed == null) {
            throw new IllegalArgumentException("No live " + module.apiName() + " record " + id);
        }
        return removed;
    }

    private Rep deleter(CrmRecord record) {
        return record.owner() != null ? record.owner() : randomRep();
    }

    private Lead liveLead(String id) {
        Lead lead = leads.get(id);
        if (lead == null) {
            throw new IllegalArgumentException("No live lead " + id);
        }
        return lead;
    }

    private Deal liveDeal(String id) {
        Deal deal = deals.get(id);
        if (deal == null) {
            throw new IllegalArgumentException("No live deal " + id);
        }
        return deal;
    }

    private static boolean canProgress(String status) {
        return LeadStatuses.canProgress(status);
    }

    /** Up to {@code n} distinct random elements matching {@code filter}, in random order. */
    private <T> List<T> pick(Collection<? extends T> from, int n, Predicate<? super T> filter) {
        List<T> candidates = new ArrayList<>();
        for (T t : from) {
            if (filter.test(t)) {
                candidates.add(t);
            }
        }
        int count = Math.min(n, candidates.size());
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(candidates.size() - i);
            T swap = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, swap);
        }
        return new ArrayList<>(candidates.subList(0, count));
    }

    private static void requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("A count cannot be negative: " + n);
        }
    }
}
