package io.tpool.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.tpool.TpoolRejectedException;
import io.tpool.TpoolRejectedException.Reason;
import io.tpool.TpoolTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolUnavailableLog}: one line a minute per pool and kind.
 */
class PoolUnavailableLogTests {

	private final List<String> lines = new ArrayList<>();

	private final AtomicLong now = new AtomicLong(1_000);

	private final PoolUnavailableLog log = new PoolUnavailableLog(this.lines::add, this.now::get);

	@Test
	void firstAnswerIsLoggedWithTheRequestAndTheExceptionsMessage() {
		this.log.log(timeout("duckdb"), "GET /reports");
		assertThat(this.lines).containsExactly("GET /reports answered 503 Service Unavailable: "
				+ "tpool 'duckdb': the deadline of PT2S passed (TpoolTimeoutException)");
	}

	@Test
	void furtherAnswersForThePoolAndKindWithinAMinuteAreLeftOutAndCountedInTheNextLine() {
		this.log.log(timeout("duckdb"), "GET /reports");
		advance(Duration.ofSeconds(1));
		this.log.log(timeout("duckdb"), "GET /reports");
		advance(Duration.ofSeconds(58));
		this.log.log(timeout("duckdb"), "GET /reports");
		assertThat(this.lines).hasSize(1);
		advance(Duration.ofSeconds(1));
		this.log.log(timeout("duckdb"), "GET /daily");
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).startsWith("GET /daily answered 503 Service Unavailable")
			.endsWith("(TpoolTimeoutException; 2 more like it since the last such line, "
					+ "which is logged at most once a minute)");
		advance(Duration.ofMinutes(1));
		this.log.log(timeout("duckdb"), "GET /reports");
		assertThat(this.lines.get(2)).endsWith("(TpoolTimeoutException)");
	}

	@Test
	void eachPoolAndKindHasItsOwnMinute() {
		this.log.log(timeout("duckdb"), "GET /reports");
		this.log.log(timeout("sqlite"), "GET /reports");
		this.log.log(rejected("duckdb", Reason.FULL), "GET /reports");
		this.log.log(rejected("duckdb", Reason.SHED), "GET /reports");
		this.log.log(rejected("duckdb", Reason.SHED), "GET /reports");
		assertThat(this.lines).hasSize(4);
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private static PoolUnavailable timeout(String pool) {
		return PoolUnavailable.of(new TpoolTimeoutException(pool, "tpool '" + pool + "': the deadline of PT2S passed"));
	}

	private static PoolUnavailable rejected(String pool, Reason reason) {
		return PoolUnavailable.of(new TpoolRejectedException(pool, reason, "tpool '" + pool + "' rejected a task"));
	}

}
