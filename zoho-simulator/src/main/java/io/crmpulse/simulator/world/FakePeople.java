package io.crmpulse.simulator.world;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Invented names, companies, e-mails and phone numbers; none belongs to a real person. */
final class FakePeople {

    private static final List<String> FIRST_NAMES =
            List.of(
                    "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Meera", "Arjun", "Kavya",
                    "James", "Olivia", "Liam", "Emma", "Noah", "Sophia", "Lucas", "Mia", "Hannah",
                    "Felix", "Clara", "Mateo", "Lucia", "Yusuf", "Amara", "Kenji", "Sakura",
                    "Nikhil", "Isha", "Sanjay", "Divya", "Omar");

    private static final List<String> LAST_NAMES =
            List.of(
                    "Sharma", "Iyer", "Patel", "Reddy", "Menon", "Gupta", "Nair", "Kapoor", "Smith",
                    "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Moore", "Schmidt",
                    "Weber", "Rossi", "Dubois", "Silva", "Khan", "Okafor", "Tanaka", "Novak",
                    "Larsen", "Fischer", "Costa", "Das", "Joshi");

    private static final List<String> COMPANY_STEMS =
            List.of(
                    "Acme",
                    "Globex",
                    "Initech",
                    "Umbrella",
                    "Hooli",
                    "Vandelay",
                    "Stark",
                    "Wayne",
                    "Tyrell",
                    "Soylent",
                    "Cyberdyne",
                    "Wonka",
                    "Sirius",
                    "Oscorp",
                    "Aperture",
                    "Massive",
                    "Gringotts",
                    "Monarch",
                    "Pied Piper",
                    "Nakatomi",
                    "Zenith",
                    "Lotus",
                    "Saffron",
                    "Indigo",
                    "Banyan",
                    "Peacock",
                    "Monsoon",
                    "Kestrel",
                    "Orbit",
                    "Quartz");

    private static final List<String> COMPANY_KINDS =
            List.of(
                    "Technologies",
                    "Traders",
                    "Pvt Ltd",
                    "Inc",
                    "GmbH",
                    "Logistics",
                    "Foods",
                    "Retail",
                    "Labs",
                    "Systems",
                    "Textiles",
                    "Health");

    private static final List<String> REP_NAMES =
            List.of(
                    "Asha Raman",
                    "Ben Carter",
                    "Chitra Bose",
                    "Diego Alvarez",
                    "Elena Petrova",
                    "Farhan Qureshi",
                    "Grace Liu",
                    "Hari Krishnan");

    private FakePeople() {}

    static String firstName(SplittableRandom random) {
        return pick(FIRST_NAMES, random);
    }

    static String lastName(SplittableRandom random) {
        return pick(LAST_NAMES, random);
    }

    static String company(SplittableRandom random) {
        return pick(COMPANY_STEMS, random) + " " + pick(COMPANY_KINDS, random);
    }

    /** An address at a reserved {@code .example} domain, so mail can never reach anyone. */
    static String email(String firstName, String lastName, String company) {
        String domain = company.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        return (firstName + "." + lastName).toLowerCase(Locale.ROOT) + "@" + domain + ".example";
    }

    /** A number from the +1 555-01xx range reserved for fiction. */
    static String phone(SplittableRandom random) {
        return String.format(Locale.ROOT, "+1 555 01%02d", random.nextInt(100));
    }

    static List<String> repNames() {
        return REP_NAMES;
    }

    private static String pick(List<String> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
