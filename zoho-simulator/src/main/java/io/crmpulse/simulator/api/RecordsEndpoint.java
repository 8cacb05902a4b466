package io.crmpulse.simulator.api;

import io.crmpulse.simulator.api.PageTokenRegistry.Cursor;
import io.crmpulse.simulator.api.PageTokenRegistry.Scan;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Get Records, {@code GET /crm/{version}/{module}}, with Zoho's parameters, limits, paging and
 * error codes, as Zoho documents them for Get Records.
 *
 * <p>Page tokens are offset cursors by default: every page re-runs the query on the current world
 * and skips {@code offset} rows, so an edit during paging shifts rows exactly as it would behind a
 * plain offset. With {@link ApiSettings#snapshotPageTokens()} a token reads the rows of its scan's
 * first page instead.
 */
final class RecordsEndpoint {

    static final int MAX_PER_PAGE = 200;
    static final int MAX_FIELDS = 50;
    static final int DISCRETE_PAGING_LIMIT = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(RecordsEndpoint.class);
    private static final Set<String> SORT_FIELDS = Set.of("id", "Created_Time", "Modified_Time");
    private static final Set<String> CONVERTED_VALUES = Set.of("true", "false", "both");

    private final CrmWorld world;
    private final Clock clock;
    private final ApiSettings settings;
    private final PageTokenRegistry pageTokens;
    private final SimulatorFaults faults;
    private final RecordRenderer renderer;
    private final SortedLiveRecords sorted;

    RecordsEndpoint(
            CrmWorld world,
            Clock clock,
            ApiSettings settings,
            PageTokenRegistry pageTokens,
            SimulatorFaults faults) {
        this.world = world;
        this.clock = clock;
        this.settings = settings;
        this.pageTokens = pageTokens;
        this.faults = faults;
        this.renderer = new RecordRenderer(settings.userZone());
        this.sorted = new SortedLiveRecords(world);
    }

    Reply handle(ApiRequest request, String version, CrmModule module) {
        Map<String, String> query = request.query();
        Instant since =
                request.ifModifiedSince() == null
                        ? null
                        : ZohoDateTimes.parseHeader(request.ifModifiedSince());
        List<String> fields = fields(query, version, module);
        int perPage = perPage(query);
        String sortBy = query.getOrDefault("sort_by", "id");
        if (!SORT_FIELDS.contains(sortBy)) {
            throw ApiError.invalidData(
                    "sort_by", "sort_by must be one of id, Created_Time, Modified_Time");
        }
        String sortOrder = query.getOrDefault("sort_order", "desc");
        if (!sortOrder.equals("asc") && !sortOrder.equals("desc")) {
            throw ApiError.invalidData("sort_order", "sort_order must be asc or desc");
        }
        String converted = query.getOrDefault("converted", "false");
        if (!CONVERTED_VALUES.contains(converted)) {
            throw ApiError.invalidData("converted", "converted must be true, false or both");
        }
        ScanBinding binding = ScanBinding.of(module, version, query, since);
        Instant now = clock.instant();

        Scan scan;
        List<CrmRecord> rows;
        int offset;
        long tokenScanId = -1;
        boolean firstPage;
        String pageToken = query.get("page_token");
        if (pageToken != null) {
            if (query.containsKey("page")) {
                throw ApiError.ambiguity("page", "page_token");
            }
            Cursor cursor = pageTokens.find(pageToken);
            if (cursor == null) {
                throw ApiError.invalidData("page_token", "invalid page_token");
            }
            if (!now.isBefore(cursor.expiresAt())) {
                throw ApiError.expiredPageToken();
            }
            if (!cursor.scan().binding().equals(binding)) {
                throw ApiError.tokenBoundDataMismatch();
            }
            if (cursor.offset() >= settings.pageTokenLimit()) {
                throw ApiError.paginationLimit(settings.pageTokenLimit());
            }
            scan = cursor.scan();
            offset = cursor.offset();
            tokenScanId = scan.id();
            firstPage = false;
            rows =
                    scan.snapshot() != null
                            ? scan.snapshot()
                            : select(module, since, converted, sortBy, sortOrder);
        } else {
            int page = QueryParams.positiveInt(query, "page", 1);
            if ((long) page * perPage > DISCRETE_PAGING_LIMIT) {
                throw ApiError.discretePaginationLimit();
            }
            offset = (page - 1) * perPage;
            firstPage = page == 1;
            rows = select(module, since, converted, sortBy, sortOrder);
            scan = pageTokens.newScan(binding, settings.snapshotPageTokens() ? rows : null);
        }

        int from = Math.min(offset, rows.size());
        List<CrmRecord> pageRows = rows.subList(from, Math.min(offset + perPage, rows.size()));
        if (pageRows.isEmpty()) {
            // Zoho: 304 when If-Modified-Since matched nothing, 204 otherwise; no body either way.
            return Reply.empty(since != null ? 304 : 204);
        }
        boolean more = offset + pageRows.size() < rows.size();
        String next = more ? pageTokens.issue(scan, offset + perPage, now) : null;
        String previous =
                more && offset > 0
                        ? pageTokens.issue(scan, Math.max(0, offset - perPage), now)
                        : null;

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("per_page", perPage);
        info.put("count", pageRows.size());
        // Zoho's own sample keeps page at 1 when paging by token.
        info.put("page", pageToken != null ? 1 : offset / perPage + 1);
        info.put("more_records", more);
        info.put("next_page_token", next);
        info.put("previous_page_token", previous);
        info.put(
                "page_token_expiry",
                more
                        ? ZohoDateTimes.format(
                                now.plus(PageTokenRegistry.TOKEN_LIFETIME), settings.userZone())
                        : null);
        info.put("sort_by", sortBy);
        info.put("sort_order", sortOrder);
        info.put("call", false);
        info.put("email", false);

        List<Map<String, Object>> data = new ArrayList<>(pageRows.size());
        for (CrmRecord record : pageRows) {
            data.add(renderer.render(record, fields, world.rawFields(record.id())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("info", info);
        Reply reply = Reply.json(200, body);

        Runnable afterPage = faults.recordsPageServed(binding, tokenScanId, scan.id(), firstPage);
        if (afterPage != null) {
            runInjectedAction(afterPage);
        }
        return reply;
    }

    private List<CrmRecord> select(
            CrmModule module, Instant since, String converted, String sortBy, String sortOrder) {
        return sorted.select(
                module, converted, sortBy, sortOrder, since, settings.ifModifiedSinceInclusive());
    }

    private static List<String> fields(
            Map<String, String> query, String version, CrmModule module) {
        String raw = query.get("fields");
        if (raw == null || raw.isBlank()) {
            // v2 and v2.1 return every field; v3 onwards require the list.
            if (version.startsWith("v2")) {
                return RecordRenderer.fieldNames(module);
            }
            throw ApiError.requiredParamMissing("fields");
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String field : raw.split(",")) {
            if (!field.isBlank()) {
                fields.add(field.trim());
            }
        }
        if (fields.size() > MAX_FIELDS) {
            throw ApiError.limitExceeded("fields", MAX_FIELDS);
        }
        return List.copyOf(fields);
    }

    /** Zoho clamps {@code per_page} to 200. */
    private static int perPage(Map<String, String> query) {
        return Math.min(QueryParams.positiveInt(query, "per_page", MAX_PER_PAGE), MAX_PER_PAGE);
    }

    private static void runInjectedAction(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("The action injected after a Get Records page failed; the page is sent", e);
        }
    }
}
