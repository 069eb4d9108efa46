package io.tpool.demo.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * SQLite beside Boot's own (H2) DataSource, as an application adds a second database: its
 * HikariCP {@link DataSource}, its {@link JdbcTemplate} and its transaction manager, each
 * a bean that is no default candidate for injection, so that Boot's own
 * {@code dataSource}, {@code jdbcTemplate} and {@code transactionManager} stay H2's, and
 * the SQLite ones are injected by name ({@code @Qualifier}, and
 * {@code @Transactional("sqliteTransactionManager")}).
 * <p>
 * {@code tpool.proxies.sqliteJdbcTemplate} offloads the template through
 * {@code JdbcOperations} to the pool {@code sqlite}: each template call is one pool call,
 * its row callbacks run on the pool thread, and its connection is taken on the caller,
 * which parks, so that no pool thread ever waits for one of HikariCP's connections.
 *
 * @since 0.3.0
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqliteProperties.class)
public class SqliteConfiguration {

	/** The name of the SQLite {@link DataSource} bean. */
	public static final String DATA_SOURCE = "sqliteDataSource";

	/** The name of the SQLite {@link JdbcTemplate} bean, offloaded by tpool. */
	public static final String JDBC_TEMPLATE = "sqliteJdbcTemplate";

	/** The name of the SQLite transaction manager. */
	public static final String TRANSACTION_MANAGER = "sqliteTransactionManager";

	/** The name of the pool that runs SQLite's JDBC calls, under {@code tpool.pools}. */
	public static final String POOL = "sqlite";

	@Bean(name = DATA_SOURCE, defaultCandidate = false, destroyMethod = "close")
	HikariDataSource sqliteDataSource(SqliteProperties properties) throws IOException {
		Path path = properties.path();
		if (path == null) {
			path = Files.createTempFile("tpool-demo-", ".db");
			path.toFile().deleteOnExit();
		}
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("sqlite");
		dataSource.setJdbcUrl("jdbc:sqlite:" + path);
		dataSource.setMaximumPoolSize(properties.connectionsOrDefault());
		// Readers and a writer at once.
		dataSource.setConnectionInitSql("PRAGMA journal_mode=WAL");
		return dataSource;
	}

	@Bean(name = JDBC_TEMPLATE, defaultCandidate = false)
	JdbcTemplate sqliteJdbcTemplate(@Qualifier(DATA_SOURCE) DataSource dataSource) {
		return new JdbcTemplate(dataSource);
	}

	@Bean(name = TRANSACTION_MANAGER, defaultCandidate = false)
	DataSourceTransactionManager sqliteTransactionManager(@Qualifier(DATA_SOURCE) DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean
	SqliteOrders sqliteOrders(@Qualifier(JDBC_TEMPLATE) JdbcOperations jdbc, SqliteProperties properties) {
		return new SqliteOrders(jdbc, properties.ordersOrDefault());
	}

}
