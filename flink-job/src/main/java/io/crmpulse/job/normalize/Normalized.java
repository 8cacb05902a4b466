package io.crmpulse.job.normalize;

import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;

/** What {@link RecordNormalizer} made of one record change. */
public sealed interface Normalized {

    /** A lead version, or a lead's deletion. */
    record Lead(LeadRow row) implements Normalized {}

    /** A deal version, or a deal's deletion; {@code wonAt}/{@code lostAt} are not set yet. */
    record Deal(DealRow row) implements Normalized {}

    /** A record that cannot be normalized; the job goes on without it. */
    record Dead(DeadLetter letter) implements Normalized {}

    /** A change the metrics do not use, such as one of a module other than Leads and Deals. */
    record Ignored(String why) implements Normalized {}
}
