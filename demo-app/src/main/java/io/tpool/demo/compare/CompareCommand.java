package io.tpool.demo.compare;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import io.tpool.demo.duckdb.DuckDbConfiguration;
import io.tpool.demo.duckdb.DuckDbDatabase;
import io.tpool.demo.duckdb.DuckDbReport;
import io.tpool.demo.nativecall.NativeClient;
import io.tpool.demo.nativecall.NativeClientConfiguration;
import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierWatchdog;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --compare}: starts the application without its web server, runs a
 * {@link Comparison} of 400 concurrent 20 ms native calls with the application's own
 * clients and pool, then one of 50 concurrent DuckDB report queries, prints the tables
 * and closes the application. Each comparison runs the load directly; directly again with
 * the carrier watchdog's compensation switched on for that run only (the row "direct,
 * compensated", which says "n/a" and why where the JVM or the application cannot
 * compensate); and offloaded (through the application's {@code @Offload} client, or the
 * DuckDB {@code DataSource} on the pool {@code duckdb}). Compensation is off for the
 * other rows, whatever the application's configuration says.
 *
 * @since 0.1.0
 */
public final class CompareCommand {

	/**
	 * The command-line flag that runs the comparison instead of the web application.
	 */
	public static final String FLAG = "--compare";

	static final int CALLS = 400;

	static final int MILLIS = 20;

	static final int REPORTS = 50;

	static final String DIRECT = "direct";

	static final String COMPENSATED = "direct, compensated";

	static final String OFFLOADED = "offloaded";

	private CompareCommand() {
	}

	/**
	 * Runs the comparison in a non-web context of the application.
	 * @param application the application's primary source
	 * @param args the command-line arguments
	 * @param out where to print the table
	 * @throws InterruptedException if interrupted while the calls run
	 */
	public static void run(Class<?> application, String[] args, PrintStream out) throws InterruptedException {
		compare(application, args, out);
	}

	/**
	 * Runs the comparison in a non-web context of the application, and prints the tables.
	 * @param application the application's primary source
	 * @param args the command-line arguments
	 * @param out where to print the tables
	 * @return the runs of each table
	 * @throws InterruptedException if interrupted while the calls run
	 */
	static Tables compare(Class<?> application, String[] args, PrintStream out) throws InterruptedException {
		try (ConfigurableApplicationContext context = application(application).run(args)) {
			CompensationSwitch compensation = new CompensationSwitch(
					context.getBeanProvider(CarrierWatchdog.class).getIfUnique(), VirtualThreadScheduler.get());
			compensation.offForTheOtherModes();
			NativeClient direct = context.getBean(NativeClientConfiguration.DIRECT, NativeClient.class);
			NativeClient offloaded = context.getBean(NativeClientConfiguration.OFFLOADED, NativeClient.class);
			Runnable directCall = () -> direct.sleep(MILLIS);
			Comparison comparison = new Comparison(CALLS,
					List.of(new Comparison.Mode(DIRECT, directCall),
							new Comparison.Mode(COMPENSATED, directCall, compensation),
							new Comparison.Mode(OFFLOADED, () -> offloaded.sleep(MILLIS))),
					compensation::carriers);
			List<Comparison.Run> calls = comparison.run();
			int carriers = carriers();
			out.print(ComparisonTable.format(calls, MILLIS, carriers, context.getBean(Tpool.class).size()));
			out.println();
			List<Comparison.Run> reports = duckDb(context, carriers, compensation, out);
			out.flush();
			return new Tables(calls, reports);
		}
	}

	/**
	 * The DuckDB table: the report made directly, directly with compensation, then
	 * through the DuckDB {@code DataSource} that tpool wraps, on the named pool
	 * {@code duckdb}.
	 */
	private static List<Comparison.Run> duckDb(ConfigurableApplicationContext context, int carriers,
			CompensationSwitch compensation, PrintStream out) throws InterruptedException {
		DuckDbDatabase database = context.getBean(DuckDbDatabase.class);
		Tpool pool = context.getBean(TpoolRegistry.class).get(DuckDbConfiguration.POOL);
		String heading = String.format(Locale.ROOT,
				"%d concurrent DuckDB report queries over %,d orders from virtual threads, %d carriers, tpool %s size %d",
				REPORTS, database.rows(), carriers, pool.name(), pool.size());
		if (!database.isAvailable()) {
			out.print(heading + String.format(Locale.ROOT, "%n%nNot run: %s%n", database.unavailableReason()));
			return List.of();
		}
		DuckDbReport direct = context.getBean(DuckDbConfiguration.DIRECT, DuckDbReport.class);
		DuckDbReport offloaded = context.getBean(DuckDbConfiguration.OFFLOADED, DuckDbReport.class);
		Comparison comparison = new Comparison(REPORTS,
				List.of(new Comparison.Mode(DIRECT, direct::run),
						new Comparison.Mode(COMPENSATED, direct::run, compensation),
						new Comparison.Mode(OFFLOADED, offloaded::run)),
				compensation::carriers);
		List<Comparison.Run> runs = comparison.run();
		out.print(ComparisonTable.format(heading, "queries/s", runs));
		return runs;
	}

	/**
	 * The carriers of virtual threads: the scheduler's parallelism where the JVM tells,
	 * else what the JDK starts with.
	 */
	private static int carriers() {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		return (scheduler != null) ? scheduler.parallelism() : Integer
			.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
	}

	/**
	 * The application as the comparison runs it: no web server, no banner, warnings only.
	 * @param application the application's primary source
	 * @return the application's builder
	 */
	static SpringApplicationBuilder application(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=warn");
	}

	/**
	 * The runs of the two tables.
	 *
	 * @param nativeCalls the native calls' runs
	 * @param duckDb the DuckDB report queries' runs; none where DuckDB is unavailable
	 */
	record Tables(List<Comparison.Run> nativeCalls, List<Comparison.Run> duckDb) {

	}

}
