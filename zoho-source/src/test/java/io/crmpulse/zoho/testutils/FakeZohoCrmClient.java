package io.crmpulse.zoho.testutils;

import io.crmpulse.zoho.client.DeletedPage;
import io.crmpulse.zoho.client.DeletedRecord;
import io.crmpulse.zoho.client.DeletedRequest;
import io.crmpulse.zoho.client.MalformedRecord;
import io.crmpulse.zoho.client.RecordsPage;
import io.crmpulse.zoho.client.RecordsRequest;
import io.crmpulse.zoho.client.ZohoApiException;
import io.crmpulse.zoho.client.ZohoCrmClient;
import io.crmpulse.zoho.client.ZohoRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A hand-written, in-memory {@link ZohoCrmClient} with Zoho's paging quirks: a page token is an
 * offset into the query re-run on the current data, so records changed while a scan pages shift the
 * rows behind them (as an offset cursor does), and it reaches at most {@link #pageTokenLimit}
 * records ({@code PAGINATION_LIMIT_EXCEEDED}); deletions are listed newest first, by page number.
 * {@code If-Modified-Since} is inclusive. Every page carries the server's clock (Zoho's {@code
 * Date}) when one is set.
 */
public final class FakeZohoCrmClient implements ZohoCrmClient {

    private final Map<String, Map<String, ZohoRecord>> records = new HashMap<>();
    private final Map<String, List<DeletedRecord>> deleted = new HashMap<>();
    private final Map<String, List<MalformedRecord>> malformed = new HashMap<>();
    private final Deque<ZohoApiException> failures = new ArrayDeque<>();
    private final List<Object> requests = new ArrayList<>();
    private IntConsumer afterRecordsPage = page -> {};
    private int recordsPagesServed;
    private boolean closed;
    private Supplier<Instant> serverClock = () -> null;
    private int pageTokenLimit = 100_000;

    /** The clock the fake's answers report as Zoho's {@code Date}; none by default. */
    public synchronized void serverClock(Supplier<Instant> clock) {
        this.serverClock = clock;
    }

    /** The most records one page token reaches (Zoho: 100,000). */
    public synchronized void pageTokenLimit(int limit) {
        this.pageTokenLimit = limit;
    }

    public synchronized void put(String module, String id, Instant modifiedTime) {
        put(module, id, modifiedTime, "");
    }

    /** A record whose content differs by {@code content} (a field the job reads). */
    public synchronized void put(String module, String id, Instant modifiedTime, String content) {
        records.computeIfAbsent(module, m -> new LinkedHashMap<>())
                .put(id, new ZohoRecord(id, modifiedTime, json(id, modifiedTime, content)));
    }

    public synchronized void delete(String module, String id, Instant deletedTime) {
        records.computeIfAbsent(module, m -> new LinkedHashMap<>()).remove(id);
        deleted.computeIfAbsent(module, m -> new ArrayList<>())
                .add(new DeletedRecord(id, deletedTime, "recycle"));
    }

    /** An unreadable item, served on the first page of every scan. */
    public synchronized void putMalformed(String module, MalformedRecord item) {
        malformed.computeIfAbsent(module, m -> new ArrayList<>()).add(item);
    }

    public synchronized void clearMalformed(String module) {
        malformed.remove(module);
    }

    /** The next calls fail with these, in order. */
    public synchronized void failNext(ZohoApiException... exceptions) {
        failures.addAll(List.of(exceptions));
    }

    /** Runs after each Get Records page is served, with the count of pages served so far. */
    public synchronized void afterRecordsPage(IntConsumer action) {
        this.afterRecordsPage = action;
    }

    @Override
    public RecordsPage getRecords(RecordsRequest request) {
        RecordsPage page;
        synchronized (this) {
            requests.add(request);
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            List<ZohoRecord> matching =
                    records.getOrDefault(request.module(), Map.of()).values().stream()
                            .filter(
                                    r ->
                                            request.ifModifiedSince() == null
                                                    || !r.modifiedTime()
                                                            .isBefore(request.ifModifiedSince()))
                            .sorted(
                                    Comparator.comparing(ZohoRecord::modifiedTime)
                                            .thenComparing(ZohoRecord::id))
                            .toList();
            int offset = request.pageToken() == null ? 0 : Integer.parseInt(request.pageToken());
            if (offset >= pageTokenLimit) {
                throw new ZohoApiException(
                        ZohoApiException.Kind.RESTART_SCAN,
                        "PAGINATION_LIMIT_EXCEEDED",
                        "a page token reaches " + pageTokenLimit + " records",
                        null,
                        null);
            }
            int end = Math.min(offset + RecordsRequest.PER_PAGE, matching.size());
            List<ZohoRecord> slice =
                    offset >= matching.size() ? List.of() : matching.subList(offset, end);
            boolean more = end < matching.size();
            page =
                    new RecordsPage(
                            slice,
                            more,
                            more ? String.valueOf(end) : null,
                            offset == 0
                                    ? malformed.getOrDefault(request.module(), List.of())
                                    : List.of(),
                            serverClock.get());
            recordsPagesServed++;
        }
        afterRecordsPage.accept(recordsPagesServed);
        return page;
    }

    @Override
    public synchronized DeletedPage getDeletedRecords(DeletedRequest request) {
        requests.add(request);
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        List<DeletedRecord> matching =
                deleted.getOrDefault(request.module(), List.of()).stream()
                        .filter(
                                d ->
                                        request.ifModifiedSince() == null
                                                || !d.deletedTime()
                                                        .isBefore(request.ifModifiedSince()))
                        .sorted(Comparator.comparing(DeletedRecord::deletedTime).reversed())
                        .toList();
        int offset = (request.page() - 1) * RecordsRequest.PER_PAGE;
        int end = Math.min(offset + RecordsRequest.PER_PAGE, matching.size());
        List<DeletedRecord> slice =
                offset >= matching.size() ? List.of() : matching.subList(offset, end);
        return new DeletedPage(slice, end < matching.size(), List.of(), serverClock.get());
    }

    /** Every request made, in order ({@link RecordsRequest} or {@link DeletedRequest}). */
    public synchronized List<Object> requests() {
        return List.copyOf(requests);
    }

    public synchronized long recordsCalls() {
        return requests.stream().filter(r -> r instanceof RecordsRequest).count();
    }

    public synchronized long deletedCalls() {
        return requests.stream().filter(r -> r instanceof DeletedRequest).count();
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static String json(String id, Instant modifiedTime, String content) {
        return "{\"id\":\""
                + id
                + "\",\"Modified_Time\":\""
                + modifiedTime
                + "\""
                + (content.isEmpty() ? "" : ",\"Lead_Status\":\"" + content + "\"")
                + "}";
    }
}
