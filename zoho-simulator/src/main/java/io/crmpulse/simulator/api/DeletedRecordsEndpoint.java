package io.crmpulse.simulator.api;

import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.DeletedRecord;
import io.crmpulse.simulator.world.DeletionType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Get Deleted Records, {@code GET /crm/{version}/{module}/deleted}: {@code type} all (default),
 * recycle or permanent, page by page, most recent first, optionally since an {@code
 * If-Modified-Since} on {@code deleted_time}. Zoho keeps recycle-bin entries 60 days and permanent
 * ones 120 days.
 */
final class DeletedRecordsEndpoint {

    static final Duration RECYCLE_RETENTION = Duration.ofDays(60);
    static final Duration PERMANENT_RETENTION = Duration.ofDays(120);

    private final CrmWorld world;
    private final Clock clock;
    private final ApiSettings settings;
    private final RecordRenderer renderer;

    DeletedRecordsEndpoint(CrmWorld world, Clock clock, ApiSettings settings) {
        this.world = world;
        this.clock = clock;
        this.settings = settings;
        this.renderer = new RecordRenderer(settings.userZone());
    }

    Reply handle(ApiRequest request, CrmModule module) {
        Map<String, String> query = request.query();
        String type = query.getOrDefault("type", "all");
        if (!type.equals("all")
                && !type.equals(DeletionType.RECYCLE.apiValue())
                && !type.equals(DeletionType.PERMANENT.apiValue())) {
            throw ApiError.patternNotMatched("type");
        }
        int page = QueryParams.positiveInt(query, "page", 1);
        int perPage = Math.min(QueryParams.positiveInt(query, "per_page", 200), 200);
        Instant since =
                request.ifModifiedSince() == null
                        ? null
                        : ZohoDateTimes.parseHeader(request.ifModifiedSince());
        Instant now = clock.instant();

        List<DeletedRecord> rows =
                world.deletedRecords(module).stream()
                        .filter(d -> type.equals("all") || d.type().apiValue().equals(type))
                        .filter(d -> isRetained(d, now))
                        .filter(d -> since == null || isSince(d.deletedTime(), since))
                        .sorted(
                                Comparator.comparing(DeletedRecord::deletedTime)
                                        .thenComparing(d -> Long.parseLong(d.id()))
                                        .reversed())
                        .toList();
        long offset = (long) (page - 1) * perPage;
        if (offset >= rows.size()) {
            return Reply.empty(since != null ? 304 : 204);
        }
        List<DeletedRecord> pageRows =
                rows.subList((int) offset, (int) Math.min(offset + perPage, rows.size()));

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("per_page", perPage);
        info.put("count", pageRows.size());
        info.put("page", page);
        info.put("more_records", offset + pageRows.size() < rows.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", pageRows.stream().map(renderer::renderDeleted).toList());
        body.put("info", info);
        return Reply.json(200, body);
    }

    private boolean isSince(Instant deletedTime, Instant since) {
        return settings.ifModifiedSinceInclusive()
                ? !deletedTime.isBefore(since)
                : deletedTime.isAfter(since);
    }

    private static boolean isRetained(DeletedRecord deleted, Instant now) {
        Duration retention =
                deleted.type() == DeletionType.RECYCLE ? RECYCLE_RETENTION : PERMANENT_RETENTION;
        return deleted.deletedTime().isAfter(now.minus(retention));
    }
}
