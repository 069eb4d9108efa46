package io.tpool.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import io.tpool.Offload;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Row-heavy JDBC work through each of tpool's JDBC recipes against the same work made
 * directly: 100,000 rows streamed through a {@code RowCallbackHandler}, and a 10,000-row
 * batch insert in a transaction, on SQLite (a JNI driver) behind HikariCP (8
 * connections), from a virtual thread, on a pool {@code sqlite} of 2 threads. Each recipe
 * is a Spring Boot application of its own with the starter's auto-configuration:
 * <ul>
 * <li>{@code direct}: Boot's {@code JdbcTemplate}, nothing offloaded;</li>
 * <li>{@code jdbcOperations}: {@code tpool.proxies.jdbcTemplate} through
 * {@code JdbcOperations}, one pool call per template call;</li>
 * <li>{@code offloadedRepository}: an {@code @Offload(pool = "sqlite")} bean whose method
 * runs the template directly, one pool call per method;</li>
 * <li>{@code dataSource}: {@code tpool.proxies.dataSource} with connections, statements
 * and result sets autowrapped, one pool call per JDBC call (several per row).</li>
 * </ul>
 * The recipes alternate within each round, so that a machine that drifts weighs on each
 * alike. It prints, for each recipe and operation, the median milliseconds over the
 * rounds, its ratio to direct, and the process's CPU per operation. Arguments: the
 * rounds, default 7.
 *
 * @since 0.3.0
 */
public final class JdbcRows {

	static final int ROWS = 100_000;

	static final int BATCH = 10_000;

	private JdbcRows() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		if (rounds < 1) {
			throw new IllegalArgumentException("The rounds must be at least 1, but were " + rounds);
		}
		Path directory = Files.createTempDirectory("tpool-jdbc-rows");
		Path database = directory.resolve("rows.db");
		Map<Recipe, ConfigurableApplicationContext> applications = new EnumMap<>(Recipe.class);
		try {
			for (Recipe recipe : Recipe.values()) {
				applications.put(recipe, recipe.start(database));
			}
			createRows(applications.get(Recipe.DIRECT).getBean(JdbcTemplate.class));
			Map<Recipe, Timings> timings = new EnumMap<>(Recipe.class);
			for (Recipe recipe : Recipe.values()) {
				timings.put(recipe, new Timings(rounds));
				// Warm up: the first calls load classes and compile.
				Work work = Work.of(applications.get(recipe));
				for (int i = 0; i < 3; i++) {
					onVirtualThread(work::stream);
					onVirtualThread(work::batch);
				}
			}
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < Recipe.values().length; i++) {
					Recipe recipe = Recipe.values()[(round + i) % Recipe.values().length];
					Work work = Work.of(applications.get(recipe));
					timings.get(recipe).record(round, work);
				}
			}
			print(rounds, timings);
		}
		finally {
			applications.values().forEach(ConfigurableApplicationContext::close);
			try (var files = Files.list(directory)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(directory);
		}
	}

	private static void createRows(JdbcOperations jdbc) {
		jdbc.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, label TEXT, cents INTEGER)");
		jdbc.execute("CREATE TABLE batch (id INTEGER, label TEXT)");
		jdbc.update("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (ROWS - 1)
				+ ") INSERT INTO rows (id, label, cents) SELECT i, 'row ' || i, i % 1000 FROM n");
	}

	private static void print(int rounds, Map<Recipe, Timings> timings) {
		Timings direct = timings.get(Recipe.DIRECT);
		System.out.printf(Locale.ROOT, "%d rounds, %d rows streamed, %d-row batch, SQLite behind HikariCP (8), "
				+ "pool sqlite of 2 threads, from a virtual thread%n", rounds, ROWS, BATCH);
		System.out.printf(Locale.ROOT, "%-20s %14s %9s %14s %14s %9s %14s%n", "recipe", "stream ms", "to direct",
				"CPU ms/stream", "batch ms", "to direct", "CPU ms/batch");
		for (Recipe recipe : Recipe.values()) {
			Timings recipeTimings = timings.get(recipe);
			System.out.printf(Locale.ROOT, "%-20s %14.1f %8.2fx %14.1f %14.1f %8.2fx %14.1f%n", recipe.label,
					recipeTimings.median(recipeTimings.streamMillis),
					recipeTimings.median(recipeTimings.streamMillis) / direct.median(direct.streamMillis),
					recipeTimings.median(recipeTimings.streamCpuMillis),
					recipeTimings.median(recipeTimings.batchMillis),
					recipeTimings.median(recipeTimings.batchMillis) / direct.median(direct.batchMillis),
					recipeTimings.median(recipeTimings.batchCpuMillis));
		}
	}

	private static <T> T onVirtualThread(Callable<T> work) throws Exception {
		Object[] result = new Object[1];
		Exception[] failure = new Exception[1];
		Thread.ofVirtual().start(() -> {
			try {
				result[0] = work.call();
			}
			catch (Exception ex) {
				failure[0] = ex;
			}
		}).join();
		if (failure[0] != null) {
			throw failure[0];
		}
		@SuppressWarnings("unchecked")
		T value = (T) result[0];
		return value;
	}

	/**
	 * The work of one recipe.
	 */
	private interface Work {

		Long stream() throws Exception;

		Integer batch() throws Exception;

		static Work of(ConfigurableApplicationContext application) {
			Rows rows = application.getBean(Rows.class);
			return new Work() {

				@Override
				public Long stream() {
					return rows.sum();
				}

				@Override
				public Integer batch() {
					int inserted = rows.insertBatch();
					rows.clearBatch();
					return inserted;
				}

			};
		}

	}

	/**
	 * A recipe: how the application offloads its JDBC work.
	 */
	private enum Recipe {

		DIRECT("direct"),

		JDBC_OPERATIONS("jdbcOperations", "tpool.proxies.jdbcTemplate.pool=sqlite",
				"tpool.proxies.jdbcTemplate.interfaces=org.springframework.jdbc.core.JdbcOperations"),

		OFFLOADED_REPOSITORY("offloadedRepository"),

		DATA_SOURCE("dataSource", "tpool.proxies.dataSource.pool=sqlite",
				"tpool.proxies.dataSource.interfaces=javax.sql.DataSource",
				"tpool.proxies.dataSource.autowrap=java.sql.Connection,java.sql.Statement,"
						+ "java.sql.PreparedStatement,java.sql.ResultSet");

		final String label;

		final String[] properties;

		Recipe(String label, String... properties) {
			this.label = label;
			this.properties = properties;
		}

		ConfigurableApplicationContext start(Path database) {
			List<String> properties = new ArrayList<>(List.of("spring.datasource.url=jdbc:sqlite:" + database,
					"spring.datasource.hikari.maximum-pool-size=8",
					"spring.datasource.hikari.connection-init-sql=PRAGMA journal_mode=WAL",
					"spring.datasource.hikari.pool-name=" + this.label, "tpool.pools.sqlite.size=2",
					"tpool.watchdog.enabled=false", "spring.main.banner-mode=off", "logging.level.root=warn"));
			properties.addAll(Arrays.asList(this.properties));
			return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
				.properties(properties.toArray(String[]::new))
				.initializers((GenericApplicationContext context) -> {
					if (this == OFFLOADED_REPOSITORY) {
						context.registerBean(Rows.class, OffloadedRows::new);
					}
					else {
						context.registerBean(Rows.class, Rows::new);
					}
				})
				.run();
		}

	}

	/**
	 * The JDBC work: through the template, whether or not it is offloaded.
	 */
	static class Rows {

		private JdbcOperations jdbc;

		private TransactionTemplate transactions;

		@Autowired
		void setJdbc(JdbcOperations jdbc, TransactionTemplate transactions) {
			this.jdbc = jdbc;
			this.transactions = transactions;
		}

		public long sum() {
			AtomicLong sum = new AtomicLong();
			AtomicLong rows = new AtomicLong();
			this.jdbc.query("SELECT id, label, cents FROM rows", (row) -> {
				sum.addAndGet(row.getLong(3));
				rows.incrementAndGet();
			});
			if (rows.get() != ROWS) {
				throw new IllegalStateException("Streamed " + rows + " rows instead of " + ROWS);
			}
			return sum.get();
		}

		public int insertBatch() {
			List<Object[]> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				batch.add(new Object[] { i, "batch " + i });
			}
			Integer inserted = this.transactions.execute((status) -> Arrays
				.stream(this.jdbc.batchUpdate("INSERT INTO batch (id, label) VALUES (?, ?)", batch))
				.sum());
			return (inserted != null) ? inserted : 0;
		}

		public void clearBatch() {
			this.jdbc.update("DELETE FROM batch");
		}

	}

	/**
	 * The same work in an {@code @Offload} bean: each method is one pool call, and its
	 * transaction starts on the pool thread.
	 */
	@Offload(pool = "sqlite")
	static class OffloadedRows extends Rows {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	/**
	 * The timings of one recipe over the rounds.
	 */
	private static final class Timings {

		final double[] streamMillis;

		final double[] streamCpuMillis;

		final double[] batchMillis;

		final double[] batchCpuMillis;

		Timings(int rounds) {
			this.streamMillis = new double[rounds];
			this.streamCpuMillis = new double[rounds];
			this.batchMillis = new double[rounds];
			this.batchCpuMillis = new double[rounds];
		}

		void record(int round, Work work) throws Exception {
			measure(work::stream, this.streamMillis, this.streamCpuMillis, round);
			measure(work::batch, this.batchMillis, this.batchCpuMillis, round);
		}

		private static void measure(Callable<?> operation, double[] millis, double[] cpuMillis, int round)
				throws Exception {
			ProcessCpu cpu = ProcessCpu.start();
			long start = System.nanoTime();
			onVirtualThread(operation);
			millis[round] = (System.nanoTime() - start) / 1e6;
			cpuMillis[round] = cpu.elapsedNanos() / 1e6;
		}

		double median(double[] values) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			return sorted[sorted.length / 2];
		}

	}

}
