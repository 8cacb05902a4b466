package io.crmpulse.simulator.world;

import java.time.Instant;
import java.util.Objects;

/**
 * A lead. {@code leadStatus} and {@code leadSource} may be {@code null} (an unset picklist, which
 * Zoho renders as {@code null}) or {@code "-None-"}; both count as {@code (none)} in the metrics.
 *
 * @param convertedTime when the lead was converted, or {@code null}
 * @param convertedDeal the deal the conversion created, or {@code null}
 */
public record Lead(
        String id,
        String firstName,
        String lastName,
        String company,
        String email,
        String phone,
        String leadStatus,
        Rep owner,
        String leadSource,
        Instant createdTime,
        Instant modifiedTime,
        boolean converted,
        Instant convertedTime,
        Lookup convertedDeal)
        implements CrmRecord {

    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(modifiedTime, "modifiedTime");
    }

    @Override
    public CrmModule module() {
        return CrmModule.LEADS;
    }

    /** Zoho's read-only {@code Full_Name}: first and last name. */
    public String fullName() {
        return firstName == null || firstName.isEmpty() ? lastName : firstName + " " + lastName;
    }

    @Override
    public String displayName() {
        return fullName();
    }

    Lead withStatus(String status, Instant at) {
        return new Lead(
                id,
                firstName,
                lastName,
                company,
                email,
                phone,
                status,
                owner,
                leadSource,
                createdTime,
                at,
                converted,
                convertedTime,
                convertedDeal);
    }

    Lead withOwner(Rep newOwner, Instant at) {
        return new Lead(
                id,
                firstName,
                lastName,
                company,
                email,
                phone,
                leadStatus,
                newOwner,
                leadSource,
                createdTime,
                at,
                converted,
                convertedTime,
                convertedDeal);
    }

    Lead withPhone(String newPhone, Instant at) {
        return new Lead(
                id,
                firstName,
                lastName,
                company,
                email,
                newPhone,
                leadStatus,
                owner,
                leadSource,
                createdTime,
                at,
                converted,
                convertedTime,
                convertedDeal);
    }

    Lead convertedTo(Lookup deal, Instant at) {
        return new Lead(
                id,
                firstName,
                lastName,
                company,
                email,
                phone,
                leadStatus,
                owner,
                leadSource,
                createdTime,
                at,
                true,
                at,
                deal);
    }

    Lead touchedAt(Instant at) {
        return new Lead(
                id,
                firstName,
                lastName,
                company,
                email,
                phone,
                leadStatus,
                owner,
                leadSource,
                createdTime,
                at,
                converted,
                convertedTime,
                convertedDeal);
    }
}
