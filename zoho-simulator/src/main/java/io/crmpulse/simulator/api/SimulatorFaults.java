package io.crmpulse.simulator.api;

import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.world.CrmModule;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Faults to inject, each armed for the next calls. Unless named for the token endpoint, a fault
 * applies to the API endpoints ({@code /crm/...}), whatever their path. Failures armed one after
 * another are served in that order; a slow-down is independent and delays the call before it is
 * answered (with a failure, if one is armed). Thread-safe.
 */
public final class SimulatorFaults {

    /** The token-endpoint errors Zoho returns, as the {@code error} field. */
    public static final Set<String> TOKEN_ERRORS =
            Set.of(
                    TokenEndpoint.INVALID_CODE,
                    TokenEndpoint.INVALID_CLIENT,
                    TokenEndpoint.ACCESS_DENIED);

    private static final String MAINTENANCE_PAGE =
            "<!DOCTYPE html><html><head><title>Zoho CRM</title></head><body><h1>Service"
                    + " temporarily unavailable</h1><p>We are performing scheduled maintenance."
                    + " Please try again later.</p></body></html>";

    private final AccessTokenStore tokens;
    private final Deque<FailureBatch> failures = new ArrayDeque<>();
    private final Deque<String> tokenErrors = new ArrayDeque<>();
    private int slowCalls;
    private Duration slowDelay = Duration.ZERO;
    private int tokensWithoutExpiry;
    private final List<PageTrigger> pageTriggers = new ArrayList<>();

    public SimulatorFaults(AccessTokenStore tokens) {
        this.tokens = tokens;
    }

    /**
     * The next {@code n} API calls fail: {@code 429 TOO_MANY_REQUESTS} or {@code 500
     * INTERNAL_ERROR}, with Zoho's error body and no {@code Retry-After} (Zoho documents none).
     */
    public void failNextCalls(int n, int httpStatus) {
        armFailure(n, failureReply(httpStatus));
    }

    /**
     * Like {@link #failNextCalls(int, int)}, with a {@code Retry-After} header in whole seconds
     * (rounded up).
     */
    public void failNextCalls(int n, int httpStatus, Duration retryAfter) {
        long seconds = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
        armFailure(n, failureReply(httpStatus).withHeader("Retry-After", Long.toString(seconds)));
    }

    /** The next {@code n} API calls get {@code 200} with an HTML page, as a proxy would answer. */
    public void htmlNextCalls(int n) {
        armFailure(n, Reply.html(200, MAINTENANCE_PAGE));
    }

    /** The next {@code n} API calls are answered only after {@code delay} (real time). */
    public synchronized void slowNextCalls(int n, Duration delay) {
        requirePositive(n);
        slowCalls = n;
        slowDelay = Objects.requireNonNull(delay, "delay");
    }

    /** Every live access token becomes invalid now: API calls get {@code 401 INVALID_TOKEN}. */
    public void expireAccessTokens() {
        tokens.expireAll();
    }

    /**
     * Runs {@code action} (a world mutation, typically) right after the {@code k}-th Get Records
     * page of the next scan of any module is computed and before it is sent, so the client's next
     * page sees the change. A scan starts with a first page (no {@code page_token}, page 1); its
     * later pages are those requested with its tokens or, page by page, with the same parameters.
     * If another scan starts before the {@code k}-th page, the count restarts there.
     *
     * <p>One action can be armed for any module and one for each module; they are independent, and
     * arming another for the same module (or for any module) replaces the one armed before.
     */
    public void afterRecordsPage(int k, Runnable action) {
        armPageTrigger(null, k, action);
    }

    /** Like {@link #afterRecordsPage(int, Runnable)}, for the next scan of {@code module} only. */
    public void afterRecordsPage(String module, int k, Runnable action) {
        armPageTrigger(CrmModule.of(module), k, action);
    }

    /**
     * The next token call fails with {@code error}: {@code invalid_code}, {@code invalid_client} or
     * {@code Access Denied}, in Zoho's body and with HTTP 200 (as Zoho does). Several calls queue
     * up.
     */
    public synchronized void tokenErrorNext(String error) {
        if (!TOKEN_ERRORS.contains(error)) {
            throw new IllegalArgumentException(
                    "Unknown token error '" + error + "'; Zoho's are " + TOKEN_ERRORS);
        }
        tokenErrors.addLast(error);
    }

    /** The next successful token call leaves out {@code expires_in}, as Zoho sometimes does. */
    public synchronized void tokenWithoutExpiresInNext() {
        tokensWithoutExpiry++;
    }

    /** Disarms every fault. */
    public synchronized void clear() {
        failures.clear();
        tokenErrors.clear();
        slowCalls = 0;
        tokensWithoutExpiry = 0;
        pageTriggers.clear();
    }

    // ---------------------------------------------------------------- hooks for the server

    /** How long to hold the current API call; zero when no slow-down is armed. */
    synchronized Duration takeDelay() {
        if (slowCalls == 0) {
            return Duration.ZERO;
        }
        slowCalls--;
        return slowDelay;
    }

    /** The armed failure for the current API call, or {@code null}. */
    synchronized Reply takeFailure() {
        FailureBatch batch = failures.peekFirst();
        if (batch == null) {
            return null;
        }
        if (--batch.remaining == 0) {
            failures.removeFirst();
        }
        return batch.reply;
    }

    synchronized String takeTokenError() {
        return tokenErrors.pollFirst();
    }

    synchronized boolean takeTokenWithoutExpiry() {
        if (tokensWithoutExpiry == 0) {
            return false;
        }
        tokensWithoutExpiry--;
        return true;
    }

    /**
     * Called for every Get Records page about to be sent; returns the armed actions whose page this
     * is, in the order they were armed, or {@code null}.
     *
     * @param tokenScanId the scan of the {@code page_token} the page was asked with, or {@code -1}
     *     for a page asked by number
     */
    synchronized Runnable recordsPageServed(
            ScanBinding binding, long tokenScanId, long scanId, boolean firstPage) {
        List<Runnable> due = new ArrayList<>();
        for (Iterator<PageTrigger> it = pageTriggers.iterator(); it.hasNext(); ) {
            PageTrigger trigger = it.next();
            if (trigger.isDue(binding, tokenScanId, scanId, firstPage)) {
                it.remove();
                due.add(trigger.action);
            }
        }
        return due.isEmpty() ? null : () -> due.forEach(Runnable::run);
    }

    private synchronized void armFailure(int n, Reply reply) {
        requirePositive(n);
        failures.addLast(new FailureBatch(reply, n));
    }

    private synchronized void armPageTrigger(CrmModule module, int k, Runnable action) {
        requirePositive(k);
        pageTriggers.removeIf(t -> t.module == module);
        pageTriggers.add(new PageTrigger(module, k, Objects.requireNonNull(action, "action")));
    }

    private static Reply failureReply(int httpStatus) {
        return switch (httpStatus) {
            case 429 -> ApiError.tooManyRequests().toReply();
            case 500 -> ApiError.internalError().toReply();
            default ->
                    throw new IllegalArgumentException(
                            "Zoho fails calls with 429 or 500, not " + httpStatus);
        };
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("A fault needs a count of at least 1, got " + n);
        }
    }

    private static final class FailureBatch {
        private final Reply reply;
        private int remaining;

        private FailureBatch(Reply reply, int remaining) {
            this.reply = reply;
            this.remaining = remaining;
        }
    }

    private static final class PageTrigger {
        private final CrmModule module;
        private final int page;
        private final Runnable action;
        private long scanId = -1;
        private ScanBinding binding;
        private int served;

        private PageTrigger(CrmModule module, int page, Runnable action) {
            this.module = module;
            this.page = page;
            this.action = action;
        }

        /** Counts the page if it belongs to the scan being counted; true when it is the k-th. */
        private boolean isDue(
                ScanBinding binding, long tokenScanId, long scanId, boolean firstPage) {
            if (module != null && module != binding.module()) {
                return false;
            }
            if (firstPage) {
                this.scanId = scanId;
                this.binding = binding;
                served = 0;
            } else if (this.binding == null) {
                return false;
            } else {
                boolean sameScan =
                        tokenScanId >= 0
                                ? tokenScanId == this.scanId
                                : binding.equals(this.binding);
                if (!sameScan) {
                    return false;
                }
            }
            return ++served >= page;
        }
    }
}
