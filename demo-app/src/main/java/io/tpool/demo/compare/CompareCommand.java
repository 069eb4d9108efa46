package io.tpool.demo.compare;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import io.tpool.demo.duckdb.DuckDbConfiguration;
import io.tpool.demo.duckdb.DuckDbDatabase;
import io.tpool.demo.duckdb.DuckDbReport;
import io.tpool.demo.nativecall.NativeClient;
import io.tpool.demo.nativecall.NativeClientConfiguration;
import jdk.management.VirtualThreadSchedulerMXBean;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --compare}: starts the application without its web server, runs a
 * {@link Comparison} of 400 concurrent 20 ms native calls with the application's own
 * clients and pool, then one of 50 concurrent DuckDB report queries (directly, and
 * through the DuckDB {@code DataSource} on the pool {@code duckdb}), prints the tables
 * and closes the application.
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
		try (ConfigurableApplicationContext context = application(application).run(args)) {
			NativeClient direct = context.getBean(NativeClientConfiguration.DIRECT, NativeClient.class);
			NativeClient offloaded = context.getBean(NativeClientConfiguration.OFFLOADED, NativeClient.class);
			Comparison comparison = new Comparison(CALLS,
					List.of(new Comparison.Mode("direct", () -> direct.sleep(MILLIS)),
							new Comparison.Mode("offloaded", () -> offloaded.sleep(MILLIS))));
			int carriers = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class).getParallelism();
			out.print(ComparisonTable.format(comparison.run(), MILLIS, carriers, context.getBean(Tpool.class).size()));
			out.println();
			out.print(duckDb(context, carriers));
			out.flush();
		}
	}

	/**
	 * The DuckDB table: the report made directly, then through the DuckDB
	 * {@code DataSource} that tpool wraps, on the named pool {@code duckdb}.
	 */
	private static String duckDb(ConfigurableApplicationContext context, int carriers) throws InterruptedException {
		DuckDbDatabase database = context.getBean(DuckDbDatabase.class);
		Tpool pool = context.getBean(TpoolRegistry.class).get(DuckDbConfiguration.POOL);
		String heading = String.format(Locale.ROOT,
				"%d concurrent DuckDB report queries over %,d orders from virtual threads, %d carriers, tpool %s size %d",
				REPORTS, database.rows(), carriers, pool.name(), pool.size());
		if (!database.isAvailable()) {
			return heading + String.format(Locale.ROOT, "%n%nNot run: %s%n", database.unavailableReason());
		}
		DuckDbReport direct = context.getBean(DuckDbConfiguration.DIRECT, DuckDbReport.class);
		DuckDbReport offloaded = context.getBean(DuckDbConfiguration.OFFLOADED, DuckDbReport.class);
		Comparison comparison = new Comparison(REPORTS,
				List.of(new Comparison.Mode("direct", direct::run), new Comparison.Mode("offloaded", offloaded::run)));
		return ComparisonTable.format(heading, "queries/s", comparison.run());
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

}
