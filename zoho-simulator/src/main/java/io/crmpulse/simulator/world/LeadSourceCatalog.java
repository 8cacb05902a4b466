package io.crmpulse.simulator.world;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The org's lead sources, from Zoho's default picklist, each with its own quality: referrals are
 * rarely junk and convert well, advertisements bring a lot of junk.
 */
public final class LeadSourceCatalog {

    private static final List<LeadSourceProfile> DEFAULT =
            List.of(
                    new LeadSourceProfile("Web Download", 18, 0.22, 0.55, 0.30),
                    new LeadSourceProfile("Advertisement", 14, 0.38, 0.45, 0.20),
                    new LeadSourceProfile("Online Store", 12, 0.25, 0.50, 0.25),
                    new LeadSourceProfile("Chat", 10, 0.18, 0.60, 0.30),
                    new LeadSourceProfile("Cold Call", 9, 0.10, 0.40, 0.20),
                    new LeadSourceProfile("Web Research", 8, 0.15, 0.50, 0.25),
                    new LeadSourceProfile("Partner", 8, 0.05, 0.75, 0.45),
                    new LeadSourceProfile("Trade Show", 7, 0.12, 0.65, 0.35),
                    new LeadSourceProfile("Employee Referral", 5, 0.03, 0.85, 0.55),
                    new LeadSourceProfile("External Referral", 5, 0.05, 0.80, 0.50),
                    new LeadSourceProfile("Seminar Partner", 3, 0.10, 0.60, 0.30),
                    new LeadSourceProfile(null, 1, 0.30, 0.40, 0.20));

    /** How leads from a source the catalog does not know (a test's own value) behave. */
    private static final LeadSourceProfile UNKNOWN = new LeadSourceProfile("?", 0, 0.2, 0.5, 0.3);

    private final List<LeadSourceProfile> profiles;

    private LeadSourceCatalog(List<LeadSourceProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    public static LeadSourceCatalog standard() {
        return new LeadSourceCatalog(DEFAULT);
    }

    public List<LeadSourceProfile> profiles() {
        return profiles;
    }

    /** The source's profile; unknown sources get middling odds. */
    public LeadSourceProfile profile(String source) {
        return profiles.stream()
                .filter(p -> Objects.equals(p.name(), source))
                .findFirst()
                .orElse(UNKNOWN);
    }

    /** A source drawn by weight; its name may be {@code null} (a lead without a source). */
    public String pick(SplittableRandom random) {
        return pick(random, p -> true);
    }

    /** A source drawn by weight among those {@code allowed}. */
    public String pick(SplittableRandom random, Predicate<LeadSourceProfile> allowed) {
        List<LeadSourceProfile> candidates = profiles.stream().filter(allowed).toList();
        int total = candidates.stream().mapToInt(LeadSourceProfile::weight).sum();
        int roll = random.nextInt(total);
        for (LeadSourceProfile profile : candidates) {
            roll -= profile.weight();
            if (roll < 0) {
                return profile.name();
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }
}
