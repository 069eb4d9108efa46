package io.tpool.demo.sqlite;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tpool.Tpool;
import io.tpool.demo.LocalServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for SQLite (a JNI driver) behind HikariCP beside Boot's own DataSource, over a
 * real web server: its report through the offloaded template, its transaction manager,
 * and ten times as many concurrent reports as connections and threads together, which all
 * answer while {@code /actuator/health} does too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SqliteTests {

	private static final int CONNECTIONS = 8;

	private static final int THREADS = 2;

	@LocalServerPort
	private int port;

	@Autowired
	private SqliteOrders orders;

	@Autowired
	@Qualifier(SqliteConfiguration.POOL)
	private Tpool pool;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private DataSource dataSource;

	private LocalServerClient client;

	@BeforeEach
	void createClient() {
		this.client = new LocalServerClient(this.port, Duration.ofSeconds(60));
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void theReportStreamsEveryOrderOnAThreadOfThePoolSqliteInOnePoolCall() {
		long before = this.pool.stats().completed();
		HttpResponse<String> response = this.client.get("/sqlite/report");
		assertThat(response.statusCode()).isEqualTo(200);
		// 100,000 orders, and those that another test placed in the east.
		assertThat(response.body()).containsPattern("\"rows\":1000\\d\\d,")
			.contains("\"thread\":\"sqlite-", "{\"region\":\"central\",\"orders\":20000,");
		assertThat(this.pool.stats().completed() - before).isEqualTo(1);
	}

	@Test
	void anOrderIsPlacedInATransactionOfTheSqliteTransactionManagerAndBootsOwnStaysH2s() {
		long before = this.orders.report()
			.regions()
			.stream()
			.filter((region) -> region.region().equals("east"))
			.findFirst()
			.orElseThrow()
			.orders();
		SqliteOrders.PlacedOrder placed = this.orders.place("east", 2, 1999);
		assertThat(placed.ordersInRegion()).isEqualTo(before + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.orders.place("nowhere", 1, 1))
			.withMessageContaining("region must be one of");
		assertThat(this.transactionManager).isInstanceOfSatisfying(DataSourceTransactionManager.class,
				(manager) -> assertThat(Tpool.unwrap(manager.getDataSource())).isSameAs(Tpool.unwrap(this.dataSource)));
		assertThat(((HikariDataSource) Tpool.unwrap(this.dataSource)).getJdbcUrl()).startsWith("jdbc:h2:");
	}

	@Test
	void tenTimesAsManyReportsAsConnectionsAndThreadsAllAnswerAndHealthAnswersMeanwhile() {
		int reports = 10 * (CONNECTIONS + THREADS);
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, reports)
				.mapToObj((i) -> this.client.send("/sqlite/report"))
				.toList();
			HttpResponse<String> health = this.client.send("/actuator/health").get(30, TimeUnit.SECONDS);
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).containsPattern("\"rows\":1000\\d\\d,").contains("\"thread\":\"sqlite-");
			}
		});
	}

}
