package io.tpool.demo.dashboard;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.tpool.demo.nativecall.NativeClient;

/**
 * Fires bursts of concurrent native calls, each on a virtual thread of its own, and
 * bounds how many calls are in flight at once.
 *
 * @author tpool
 */
public class Bursts {

	private final NativeClient direct;

	private final NativeClient offloaded;

	private final int maxInFlight;

	private final AtomicInteger inFlight = new AtomicInteger();

	public Bursts(NativeClient direct, NativeClient offloaded, int maxInFlight) {
		this.direct = direct;
		this.offloaded = offloaded;
		this.maxInFlight = maxInFlight;
	}

	/**
	 * Starts a burst and returns without waiting for it.
	 * @param mode direct or offloaded
	 * @param count how many calls
	 * @param millis how long each sleeps in native code
	 * @return whether it started; {@code false} when it would exceed the calls allowed in
	 * flight
	 */
	public boolean fire(BurstMode mode, int count, int millis) {
		if (this.inFlight.addAndGet(count) > this.maxInFlight) {
			this.inFlight.addAndGet(-count);
			return false;
		}
		NativeClient client = (mode == BurstMode.DIRECT) ? this.direct : this.offloaded;
		Thread.Builder calls = Thread.ofVirtual().name("burst-" + mode.name().toLowerCase(Locale.ROOT) + "-", 1);
		// Started from a platform thread, as the web server starts a virtual thread per
		// request: they queue for the carriers as a crowd of requests would.
		Thread.ofPlatform().name("burst-starter").daemon(true).start(() -> {
			for (int i = 0; i < count; i++) {
				calls.start(() -> {
					try {
						client.sleep(millis);
					}
					finally {
						this.inFlight.decrementAndGet();
					}
				});
			}
		});
		return true;
	}

	/**
	 * The calls that have been fired and not finished.
	 * @return the calls in flight
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * The calls allowed in flight at once.
	 * @return the bound
	 */
	public int maxInFlight() {
		return this.maxInFlight;
	}

}
