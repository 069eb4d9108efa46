package io.tpool.demo.dashboard;

import java.util.List;
import java.util.Locale;

import io.tpool.TpoolRegistry;
import io.tpool.demo.duckdb.DuckDbDatabase;
import io.tpool.demo.web.InvalidParameterException;
import io.tpool.watchdog.CarrierState;
import io.tpool.watchdog.CarrierWatchdog;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON behind the dashboard page ({@code /index.html}): the sampled state of every
 * pool and of the carriers, and bursts of direct or offloaded native calls and DuckDB
 * report queries.
 *
 * @since 0.1.0
 */
@RestController
@ConditionalOnWebApplication
class DashboardController {

	static final int MAX_BURST_CALLS = 1000;

	static final int MAX_BURST_MILLIS = 1000;

	/** Each holds a carrier for tens of milliseconds: 200 hold two for seconds. */
	static final int MAX_BURST_QUERIES = 200;

	private final TpoolRegistry pools;

	private final DashboardSampler sampler;

	private final Bursts bursts;

	private final DuckDbDatabase duckDb;

	private final @Nullable CarrierWatchdog watchdog;

	DashboardController(TpoolRegistry pools, DashboardSampler sampler, Bursts bursts, DuckDbDatabase duckDb,
			ObjectProvider<CarrierWatchdog> watchdog) {
		this.pools = pools;
		this.sampler = sampler;
		this.bursts = bursts;
		this.duckDb = duckDb;
		this.watchdog = watchdog.getIfUnique();
	}

	@GetMapping("/dashboard/state")
	State state(@RequestParam(defaultValue = "0") long since) {
		List<Pool> pools = this.pools.pools().stream().map((pool) -> new Pool(pool.name(), pool.size())).toList();
		return new State(pools, carriers(), this.bursts.inFlight(), this.sampler.since(since));
	}

	/**
	 * Switches carrier compensation on or off, live: on, a carrier is added for each one
	 * that a virtual thread holds while others wait, and taken away once the hold ends.
	 */
	@PostMapping("/dashboard/compensation")
	ResponseEntity<?> compensation(@RequestParam boolean enabled) {
		CarrierWatchdog watchdog = this.watchdog;
		if (watchdog == null) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
						"The carrier watchdog, which compensates, is off: remove tpool.watchdog.enabled=false."));
		}
		watchdog.setCompensationEnabled(enabled);
		return ResponseEntity.ok(carriers());
	}

	private Carriers carriers() {
		CarrierWatchdog watchdog = this.watchdog;
		if (watchdog == null) {
			return new Carriers(this.sampler.parallelism(), 0, false);
		}
		CarrierState carriers = watchdog.carriers();
		return new Carriers(this.sampler.parallelism(), carriers.extra(), carriers.compensation());
	}

	@PostMapping("/burst")
	ResponseEntity<?> burst(@RequestParam BurstMode mode, @RequestParam(defaultValue = "200") int calls,
			@RequestParam(defaultValue = "50") int millis) {
		InvalidParameterException.requireBetween("calls", calls, 1, MAX_BURST_CALLS);
		InvalidParameterException.requireBetween("millis", millis, 0, MAX_BURST_MILLIS);
		if (!this.bursts.fire(mode, calls, millis)) {
			return tooMany();
		}
		return ResponseEntity.accepted().body(new Burst(mode.name().toLowerCase(Locale.ROOT), calls, millis));
	}

	/**
	 * A burst of DuckDB report queries, each asked for by its own virtual thread: direct,
	 * the virtual thread keeps its carrier for the whole query; offloaded, the query runs
	 * on the pool {@code duckdb}.
	 */
	@PostMapping("/burst/duckdb")
	ResponseEntity<?> burstDuckDb(@RequestParam(defaultValue = "direct") BurstMode mode,
			@RequestParam(defaultValue = "50") int queries) {
		InvalidParameterException.requireBetween("queries", queries, 1, MAX_BURST_QUERIES);
		this.duckDb.checkAvailable();
		if (!this.bursts.fireReports(mode, queries)) {
			return tooMany();
		}
		return ResponseEntity.accepted().body(new DuckDbBurst(mode.name().toLowerCase(Locale.ROOT), queries));
	}

	private ResponseEntity<ProblemDetail> tooMany() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"%d burst calls are still in flight; at most %d may be.".formatted(this.bursts.inFlight(),
						this.bursts.maxInFlight()));
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(problem);
	}

	/**
	 * The dashboard's state.
	 *
	 * @param pools every pool, the default pool first
	 * @param carriers the carriers
	 * @param burstCallsInFlight the burst calls not finished
	 * @param samples the samples after the one asked for
	 */
	record State(List<Pool> pools, Carriers carriers, int burstCallsInFlight, List<Sample> samples) {

	}

	/**
	 * A pool's settings.
	 *
	 * @param name its name
	 * @param size its threads
	 */
	record Pool(String name, int size) {

	}

	/**
	 * The virtual thread scheduler's settings.
	 *
	 * @param parallelism its carriers
	 * @param extra the carriers that compensation adds now
	 * @param compensation whether compensation is on
	 */
	record Carriers(int parallelism, int extra, boolean compensation) {

	}

	/**
	 * A burst that was started.
	 *
	 * @param mode direct or offloaded
	 * @param calls how many calls
	 * @param millis how long each sleeps
	 */
	record Burst(String mode, int calls, int millis) {

	}

	/**
	 * A burst of DuckDB report queries that was started.
	 *
	 * @param mode how the queries are made: direct or offloaded
	 * @param queries how many queries
	 */
	record DuckDbBurst(String mode, int queries) {

	}

}
