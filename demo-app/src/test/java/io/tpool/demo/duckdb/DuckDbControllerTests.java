package io.tpool.demo.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /duckdb/report} and {@code /duckdb/report/direct} over HTTP, on the
 * application's own DuckDB database, and for DuckDB's place beside Boot's H2
 * {@code DataSource}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DuckDbControllerTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DuckDbDatabase database;

	@Autowired
	private List<DataSource> injectedByType;

	@Test
	void theDirectReportRunsOnTheRequestsOwnVirtualThreadAndAggregatesEveryOrder() {
		DuckDbReportResult result = this.client.get()
			.uri("/duckdb/report/direct")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(DuckDbReportResult.class)
			.getResponseBody();
		assertThat(result).isNotNull();
		assertThat(result.thread()).startsWith("tomcat-handler-");
		assertThat(result.virtual()).isTrue();
		assertThat(result.rows()).isEqualTo(this.database.rows()).isEqualTo(2_000_000);
		assertThat(result.regions()).containsExactlyElementsOf(ExpectedSales.of(this.database.rows()));
	}

	@Test
	void theOffloadedReportRunsOnAThreadOfThePoolDuckDbAndAnswersTheSame() {
		DuckDbReportResult result = this.client.get()
			.uri("/duckdb/report")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(DuckDbReportResult.class)
			.getResponseBody();
		assertThat(result).isNotNull();
		assertThat(result.thread()).matches("duckdb-[12]");
		assertThat(result.virtual()).isFalse();
		assertThat(result.rows()).isEqualTo(this.database.rows());
		assertThat(result.regions()).containsExactlyElementsOf(ExpectedSales.of(this.database.rows()));
		assertThat(result.millis()).isPositive();
	}

	@Test
	void theDuckDbDataSourceBeanIsWrappedOnThePoolDuckDbThoughNoCandidateForInjection() throws SQLException {
		DataSource dataSource = this.context.getBean(DuckDbConfiguration.DATA_SOURCE, DataSource.class);
		assertThat(AopUtils.isAopProxy(dataSource)).isTrue();
		assertThat(AopProxyUtils.getSingletonTarget(dataSource)).isInstanceOf(DuckDbDataSource.class);
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT thread_name()")) {
			assertThat(resultSet.next()).isTrue();
			assertThat(resultSet.getString(1)).matches("duckdb-[12]");
		}
		this.client.get()
			.uri("/actuator/tpool")
			.exchange()
			.expectBody()
			.jsonPath("$.pools[?(@.name == 'duckdb')].size")
			.isEqualTo(List.of(2))
			.jsonPath("$.offloaded[?(@.bean == 'duckdbDataSource')].reason")
			.isEqualTo(List.of("tpool.proxies"));
	}

	@Test
	void bootsAutoConfiguredDataSourceIsStillH2AndTheOnlyOneInjectedByType() throws SQLException {
		assertThat(this.context.getBeanNamesForType(DataSource.class)).contains("dataSource",
				DuckDbConfiguration.DATA_SOURCE);
		assertThat(this.injectedByType).singleElement().isSameAs(this.context.getBean("dataSource"));
		assertThat(productName(this.injectedByType.get(0))).isEqualTo("H2");
	}

	@Test
	void theDuckDbDataSourceIsABeanByItsName() throws SQLException {
		assertThat(productName(this.context.getBean(DuckDbConfiguration.DATA_SOURCE, DataSource.class)))
			.isEqualTo("DuckDB");
	}

	@Test
	void healthChecksH2AloneAndStaysUp() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.details.database")
			.isEqualTo("H2");
	}

	private static String productName(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName();
		}
	}

}
