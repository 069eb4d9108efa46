package io.tpool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ContextCarrier}: a caller's thread-bound state on the pool thread and
 * back.
 */
class ContextCarrierTests {

	private static final ThreadLocal<@Nullable List<String>> STATE = new ThreadLocal<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final List<Tpool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Tpool::close);
	}

	@Test
	void blockingCallSeesTheCallersStateAndItsChangesComeBackToTheCaller() {
		Tpool pool = pool(new ListCarrier());
		List<String> callers = new ArrayList<>(List.of("caller"));
		STATE.set(callers);
		try {
			List<String> inside = pool.execute(() -> {
				List<String> state = STATE.get();
				state.add("added on " + Thread.currentThread().getName());
				return List.copyOf(state);
			});
			assertThat(inside).containsExactly("caller", "added on tpool-1");
			assertThat(STATE.get()).containsExactly("caller", "added on tpool-1");
		}
		finally {
			STATE.remove();
		}
		assertThat(pool.execute(STATE::get)).isNull();
		assertThat(this.events).containsExactly("capture waits", "attach tpool-1", "detach tpool-1", "rejoin main",
				"capture waits", "attach tpool-1", "detach tpool-1", "rejoin main");
	}

	@Test
	void stateLeftOnThePoolThreadByAFailingTaskIsGoneForTheNextTask() {
		Tpool pool = pool(new ListCarrier());
		STATE.set(new ArrayList<>(List.of("caller")));
		try {
			assertThatIllegalStateException().isThrownBy(() -> pool.execute(() -> {
				STATE.get().add("before failing");
				throw new IllegalStateException("failed");
			}));
			assertThat(STATE.get()).containsExactly("caller", "before failing");
		}
		finally {
			STATE.remove();
		}
		assertThat(pool.execute(STATE::get)).isNull();
	}

	@Test
	void submitIsCapturedAsACallThatDoesNotWaitAndNeverRejoins() throws Exception {
		Tpool pool = pool(new ListCarrier());
		CompletableFuture<String> future = pool.submit(() -> "done");
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(this.events).containsExactly("capture does not wait", "attach tpool-1", "detach tpool-1");
	}

	@Test
	void attachThatThrowsFailsTheCallWithoutRunningTheTaskAndStillDetaches() {
		IllegalStateException failure = new IllegalStateException("cannot attach");
		List<String> ran = new CopyOnWriteArrayList<>();
		Tpool pool = pool((callerWaits) -> new ContextCarrier.Context() {

			@Override
			public void attach() {
				if (ran.isEmpty()) {
					throw failure;
				}
			}

			@Override
			public void detach() {
				ContextCarrierTests.this.events.add("detach");
			}

		});
		assertThatIllegalStateException().isThrownBy(() -> pool.execute(() -> ran.add("first"))).isSameAs(failure);
		assertThat(this.events).containsExactly("detach");
		ran.add("attach fails no more");
		pool.execute(() -> ran.add("second"));
		assertThat(ran).containsExactly("attach fails no more", "second");
	}

	@Test
	void nothingToCarryRunsTheTaskAsIs() {
		Tpool pool = pool((callerWaits) -> null);
		assertThat(pool.execute(() -> 42)).isEqualTo(42);
	}

	@Test
	void callsThatRunInlineOnAPoolThreadAreNotCaptured() {
		Tpool pool = pool(new ListCarrier());
		pool.execute(() -> pool.execute(() -> 1));
		assertThat(this.events).containsExactly("capture waits", "attach tpool-1", "detach tpool-1", "rejoin main");
	}

	private Tpool pool(ContextCarrier carrier) {
		Tpool pool = Tpool.builder().size(1).contextCarrier(carrier).build();
		this.pools.add(pool);
		return pool;
	}

	/** Carries {@link #STATE} by reference, as a transaction's resources are carried. */
	private final class ListCarrier implements ContextCarrier {

		@Override
		public @Nullable Context capture(boolean callerWaits) {
			ContextCarrierTests.this.events.add(callerWaits ? "capture waits" : "capture does not wait");
			List<String> state = STATE.get();
			return new Context() {

				private @Nullable List<String> after;

				@Override
				public void attach() {
					ContextCarrierTests.this.events.add("attach " + Thread.currentThread().getName());
					STATE.set((state != null) ? new ArrayList<>(state) : null);
				}

				@Override
				public void detach() {
					ContextCarrierTests.this.events.add("detach " + Thread.currentThread().getName());
					this.after = STATE.get();
					STATE.remove();
				}

				@Override
				public void rejoin() {
					ContextCarrierTests.this.events.add("rejoin " + Thread.currentThread().getName());
					STATE.set(this.after);
				}

			};
		}

	}

}
