package io.callstream.callbacks.delivery;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's hold on one assigned partition, from assignment to revocation. When the partition is
 * revoked (a rebalance or a close), its work first goes on for a grace period; then the lease is
 * <em>handed over</em>: a callback that has not started its attempt is parked on the retry topic (due at
 * once) instead, so every record read becomes handled and the commit covers it. Work of a revoked lease
 * starts no new HTTP attempt (it is fenced: the partition's next owner does it again from the committed
 * offset); the work in flight is awaited by the rebalance before the partition's offsets are committed, so
 * the old and the new owner never deliver the same call at the same time.
 */
final class Lease {

    static final Lease NONE = new Lease();

    private final CompletableFuture<Void> revoked = new CompletableFuture<>();
    private volatile boolean handedOver;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    boolean isRevoked() {
        return revoked.isDone();
    }

    /** Completes when the lease is revoked (wakes up waits). */
    CompletableFuture<Void> revocation() {
        return revoked;
    }

    void revoke() {
        revoked.complete(null);
    }

    /** From now on a callback of this lease that has not started its attempt is parked instead. */
    void handOver() {
        handedOver = true;
    }

    /** True once handed over: park, do not start an attempt (unless revoked: then the work is fenced). */
    boolean isHandedOver() {
        return handedOver;
    }

    /** Tracks {@code work} until it completes. */
    <T> CompletableFuture<T> track(CompletableFuture<T> work) {
        inFlight.add(work);
        work.whenComplete((v, e) -> inFlight.remove(work));
        return work;
    }

    /** Everything still in flight under this lease. */
    CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(inFlight.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new));
    }

    /** Fails an attempt that did not start because the lease was handed over: the callback is parked instead. */
    static final class HandedOverException extends RuntimeException {
        HandedOverException() {
            super("partition handed over: parked for its next owner", null, false, false);
        }
    }

    /** Thrown (as a failure) by fenced work: not handled here, the next owner does it. */
    static final class FencedException extends RuntimeException {
        FencedException() {
            super("partition revoked: left to its next owner", null, false, false);
        }
    }
}
