package io.tpool.autoconfigure.offload;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.context.TpoolContextAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A real JNI JDBC driver (SQLite) behind a real connection pool (HikariCP, Boot's
 * default), offloaded by the two recipes: the {@code DataSource} under
 * {@code tpool.proxies}, and the {@code JdbcTemplate} under {@code tpool.proxies} through
 * {@link JdbcOperations}. The pool's threads never wait for a connection, so ten times as
 * many callers as connections and threads together never deadlock, and a health check
 * answers while the pool is saturated.
 */
class PooledConnectionTests {

	private static final int CONNECTIONS = 8;

	private static final int THREADS = 2;

	private static final int CALLERS = 10 * (CONNECTIONS + THREADS);

	private static final int ORDERS = 2_000;

	private static final String ALL_JDBC = "java.sql.Connection,java.sql.Statement,java.sql.PreparedStatement,"
			+ "java.sql.ResultSet";

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class,
					TpoolContextAutoConfiguration.class, DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("orders.db"),
					"spring.datasource.hikari.maximum-pool-size=" + CONNECTIONS,
					"spring.datasource.hikari.minimum-idle=" + CONNECTIONS,
					// Short, so that a deadlock fails the test with the pool's own error.
					"spring.datasource.hikari.connection-timeout=5000",
					"spring.datasource.hikari.connection-init-sql=PRAGMA journal_mode=WAL",
					"tpool.pools.sqlite.size=" + THREADS);
	}

	@Test
	void aWrappedConnectionPoolNeverDeadlocksAtTenTimesItsConnectionsAndThreads() {
		contextRunner()
			.withPropertyValues("tpool.proxies.dataSource.pool=sqlite",
					"tpool.proxies.dataSource.interfaces=javax.sql.DataSource",
					"tpool.proxies.dataSource.autowrap=" + ALL_JDBC)
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				createOrders(jdbc);
				TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(Tpool.isProxy(dataSource)).isTrue();
				Load load = new Load();
				assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
					load.run((caller) -> {
						// A report of several statements, and every other one in a
						// transaction: the connection is held from one call to the next.
						if (caller % 2 == 0) {
							return transactions.execute((status) -> report(jdbc));
						}
						return report(jdbc);
					}, () -> new DataSourceHealthIndicator(dataSource, "SELECT 1").health());
				});
				load.assertEveryCallerGotTheReport();
				assertThat(Tpool.unwrap(dataSource)).isInstanceOf(HikariDataSource.class);
				assertThat(OffloadProxyingTests.offloaded(context, "dataSource").methods())
					.doesNotContain("getConnection");
			});
	}

	@Test
	void aWrappedJdbcTemplateNeverDeadlocksWhetherItsCallersHoldTransactionsOrNot() {
		contextRunner()
			.withPropertyValues("tpool.proxies.jdbcTemplate.pool=sqlite",
					"tpool.proxies.jdbcTemplate.interfaces=org.springframework.jdbc.core.JdbcOperations")
			.run((context) -> {
				JdbcOperations jdbc = context.getBean(JdbcOperations.class);
				createOrders(jdbc);
				TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
				DataSource dataSource = context.getBean(DataSource.class);
				Load load = new Load();
				assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
					load.run((caller) -> {
						// Transactions take their connections on their callers; the calls
						// outside them take theirs on their callers too, never on a pool
						// thread that a transaction's next call waits for.
						if (caller % 2 == 0) {
							return transactions.execute((status) -> report(jdbc));
						}
						return report(jdbc);
					}, () -> new DataSourceHealthIndicator(dataSource, "SELECT 1").health());
				});
				load.assertEveryCallerGotTheReport();
			});
	}

	@Test
	void aWrappedJdbcTemplateStreamsRowsAndBatchesInOnePoolCallEach() {
		contextRunner()
			.withPropertyValues("tpool.proxies.jdbcTemplate.pool=sqlite",
					"tpool.proxies.jdbcTemplate.interfaces=org.springframework.jdbc.core.JdbcOperations")
			.run((context) -> {
				JdbcOperations jdbc = context.getBean(JdbcOperations.class);
				TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
				jdbc.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, label TEXT)");
				Tpool pool = context.getBean("sqliteTpool", Tpool.class);
				long before = pool.stats().completed();
				List<Object[]> batch = new ArrayList<>();
				for (int i = 0; i < 10_000; i++) {
					batch.add(new Object[] { i, "row " + i });
				}
				transactions.executeWithoutResult(
						(status) -> jdbc.batchUpdate("INSERT INTO rows (id, label) VALUES (?, ?)", batch));
				assertThat(pool.stats().completed() - before).as("pool calls of the batch").isEqualTo(1);
				jdbc.update("WITH RECURSIVE n(i) AS (SELECT 10000 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) "
						+ "INSERT INTO rows (id, label) SELECT i, 'row ' || i FROM n");
				before = pool.stats().completed();
				AtomicLong rows = new AtomicLong();
				ConcurrentHashMap.KeySetView<String, Boolean> threads = ConcurrentHashMap.newKeySet();
				jdbc.query("SELECT id, label FROM rows", (row) -> {
					rows.incrementAndGet();
					threads.add(Thread.currentThread().getName());
				});
				assertThat(rows).hasValue(100_000);
				assertThat(threads).singleElement().asString().startsWith("sqlite-");
				assertThat(pool.stats().completed() - before).as("pool calls of the stream").isEqualTo(1);
			});
	}

	@Test
	void aWrappedConnectionPoolHandsOutConnectionsWithoutAPoolThread() {
		contextRunner()
			.withPropertyValues("tpool.pools.sqlite.size=1", "tpool.proxies.dataSource.pool=sqlite",
					"tpool.proxies.dataSource.interfaces=javax.sql.DataSource",
					"tpool.proxies.dataSource.autowrap=" + ALL_JDBC)
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				Tpool pool = context.getBean("sqliteTpool", Tpool.class);
				CountDownLatch release = new CountDownLatch(1);
				CompletableFuture<Boolean> busy = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
				try (Connection connection = assertTimeoutPreemptively(Duration.ofSeconds(10),
						() -> dataSource.getConnection())) {
					assertThat(Tpool.isProxy(connection)).isTrue();
					release.countDown();
					assertThat(connection.isValid(1)).isTrue();
				}
				finally {
					release.countDown();
				}
				assertThat(busy.get(10, TimeUnit.SECONDS)).isTrue();
			});
	}

	@Test
	void unwrapGivesTheDriversOwnConnectionThroughAWrappedConnectionPool() {
		contextRunner()
			.withPropertyValues("tpool.proxies.dataSource.pool=sqlite",
					"tpool.proxies.dataSource.interfaces=javax.sql.DataSource",
					"tpool.proxies.dataSource.autowrap=" + ALL_JDBC)
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.isWrapperFor(SQLiteConnection.class)).isTrue();
					assertThat(connection.isWrapperFor(HikariDataSource.class)).isFalse();
					SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
					assertThat(Tpool.isProxy(sqlite)).isFalse();
					// SQLite's Java functions need the driver's own connection.
					Function.create(sqlite, "thread_name", new Function() {

						@Override
						protected void xFunc() throws SQLException {
							result(Thread.currentThread().getName());
						}

					});
					try (var statement = connection.createStatement();
							var result = statement.executeQuery("SELECT thread_name()")) {
						assertThat(result.next()).isTrue();
						assertThat(result.getString(1)).startsWith("sqlite-");
					}
				}
				assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
				// Spring AOP hands out its proxy for a target that returns itself; the
				// target itself is Tpool.unwrap's.
				assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(dataSource);
				Object target = Tpool.unwrap(dataSource);
				assertThat(target).isInstanceOf(HikariDataSource.class).isNotSameAs(dataSource);
				assertThat(AopUtils.isAopProxy(target)).isFalse();
				assertThat(Tpool.isProxy(target)).isFalse();
			});
	}

	private static void createOrders(JdbcOperations jdbc) {
		jdbc.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, region TEXT, cents INTEGER)");
		List<Object[]> orders = new ArrayList<>();
		for (int i = 0; i < ORDERS; i++) {
			orders.add(new Object[] { i, "region-" + (i % 5), i });
		}
		jdbc.batchUpdate("INSERT INTO orders (id, region, cents) VALUES (?, ?, ?)", orders);
	}

	/** Several statements: a count, a sum by region, and the rows of one region. */
	private static long report(JdbcOperations jdbc) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM orders", Long.class);
		List<Long> sums = jdbc.queryForList("SELECT sum(cents) FROM orders GROUP BY region ORDER BY region",
				Long.class);
		AtomicLong rows = new AtomicLong();
		jdbc.query("SELECT id, cents FROM orders WHERE region = 'region-1'", (row) -> {
			rows.incrementAndGet();
		});
		assertThat(sums).hasSize(5);
		assertThat(rows).hasValue(ORDERS / 5);
		return (count != null) ? count : -1;
	}

	/**
	 * {@value #CALLERS} virtual callers at once, and a health check while they run.
	 */
	private static final class Load {

		private final List<CompletableFuture<Long>> reports = new ArrayList<>();

		private final List<Throwable> failures = new ArrayList<>();

		private @Nullable Health health;

		void run(CallerReport report, Supplier<Health> healthCheck) throws Exception {
			for (int i = 0; i < CALLERS; i++) {
				int caller = i;
				CompletableFuture<Long> done = new CompletableFuture<>();
				this.reports.add(done);
				Thread.ofVirtual().name("caller-" + i).start(() -> {
					try {
						done.complete(report.run(caller));
					}
					catch (Throwable ex) {
						done.completeExceptionally(ex);
					}
				});
			}
			// While the callers saturate the pool.
			this.health = CompletableFuture.supplyAsync(healthCheck, (task) -> Thread.ofVirtual().start(task))
				.get(30, TimeUnit.SECONDS);
			for (CompletableFuture<Long> done : this.reports) {
				try {
					done.get(90, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					this.failures.add(ex);
				}
			}
		}

		void assertEveryCallerGotTheReport() {
			assertThat(this.failures).isEmpty();
			assertThat(this.reports).allSatisfy((done) -> assertThat(done).isCompletedWithValue((long) ORDERS));
			assertThat(this.health).isNotNull();
			assertThat(this.health.getStatus()).isEqualTo(Status.UP);
		}

	}

	@FunctionalInterface
	private interface CallerReport {

		Long run(int caller) throws Exception;

	}

}
