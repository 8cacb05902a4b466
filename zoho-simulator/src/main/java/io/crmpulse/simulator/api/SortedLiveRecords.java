package io.crmpulse.simulator.api;

import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Lead;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The live records of a module in a Get Records order, sorted once per world version: a backfill of
 * a million leads reads 5,000 pages of an unchanged world, and sorting it for each page would cost
 * the simulator minutes of CPU. A page of {@code Modified_Time} order with {@code
 * If-Modified-Since} then costs a binary search and the page itself.
 */
final class SortedLiveRecords {

    private record Order(CrmModule module, String converted, String sortBy, String sortOrder) {}

    private record View(long version, List<CrmRecord> rows) {}

    private final CrmWorld world;
    private final Map<Order, View> views = new ConcurrentHashMap<>();

    SortedLiveRecords(CrmWorld world) {
        this.world = world;
    }

    /**
     * The live records of {@code module} matching {@code converted} ({@code true}, {@code false} or
     * {@code both}; Leads only) and modified since {@code since} ({@code null}: all), sorted by
     * {@code sortBy} in {@code sortOrder} with ties broken by id in the same direction.
     */
    List<CrmRecord> select(
            CrmModule module,
            String converted,
            String sortBy,
            String sortOrder,
            Instant since,
            boolean sinceInclusive) {
        // Deals have no converted filter: one view serves every value of the parameter.
        Order order =
                new Order(
                        module, module == CrmModule.LEADS ? converted : "both", sortBy, sortOrder);
        // The version is read before the records: a view is never labelled newer than its rows.
        long version = world.version();
        List<CrmRecord> rows =
                views.compute(
                                order,
                                (o, old) ->
                                        old != null && old.version() == version
                                                ? old
                                                : new View(version, sorted(o)))
                        .rows();
        if (since == null) {
            return rows;
        }
        Predicate<CrmRecord> modified =
                sinceInclusive
                        ? r -> !r.modifiedTime().isBefore(since)
                        : r -> r.modifiedTime().isAfter(since);
        if (!sortBy.equals("Modified_Time")) {
            return rows.stream().filter(modified).toList();
        }
        // Sorted by Modified_Time, the matching rows are a suffix (asc) or a prefix (desc).
        boolean ascending = sortOrder.equals("asc");
        int split = firstIndex(rows, ascending ? modified : modified.negate());
        return ascending ? rows.subList(split, rows.size()) : rows.subList(0, split);
    }

    private List<CrmRecord> sorted(Order order) {
        Predicate<CrmRecord> keep = r -> true;
        if (order.module() == CrmModule.LEADS && !order.converted().equals("both")) {
            boolean wanted = order.converted().equals("true");
            keep = r -> ((Lead) r).converted() == wanted;
        }
        Comparator<CrmRecord> comparator = comparator(order.sortBy());
        if (order.sortOrder().equals("desc")) {
            comparator = comparator.reversed();
        }
        return world.liveRecords(order.module()).stream().filter(keep).sorted(comparator).toList();
    }

    /** The sort, with ties broken by id in the same direction so paging is deterministic. */
    private static Comparator<CrmRecord> comparator(String sortBy) {
        Comparator<CrmRecord> byId = Comparator.comparingLong(r -> Long.parseLong(r.id()));
        return switch (sortBy) {
            case "Created_Time" -> Comparator.comparing(CrmRecord::createdTime).thenComparing(byId);
            case "Modified_Time" ->
                    Comparator.comparing(CrmRecord::modifiedTime).thenComparing(byId);
            default -> byId;
        };
    }

    /** The first index whose row matches {@code test}, which is false then true along the list. */
    private static int firstIndex(List<CrmRecord> rows, Predicate<CrmRecord> test) {
        int low = 0;
        int high = rows.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (test.test(rows.get(mid))) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
