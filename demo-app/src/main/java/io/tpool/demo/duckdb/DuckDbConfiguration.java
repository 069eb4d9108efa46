package io.tpool.demo.duckdb;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * DuckDB beside Boot's own (H2) DataSource: the database, its {@link DataSource} bean
 * {@value #DATA_SOURCE}, the report made on the caller's thread and the report made
 * through that bean, which {@code tpool.proxies.duckdbDataSource} wraps so that its JDBC
 * runs on the named pool {@code duckdb}.
 * <p>
 * The DuckDB {@code DataSource} is no candidate for injection, so Boot still
 * auto-configures its own {@code dataSource}, its {@code JdbcTemplate}, schema
 * initialization, transaction manager, pool metrics and {@code db} health check on H2
 * alone: a health check of DuckDB's would turn the whole application's health
 * {@code DOWN} where DuckDB's native library does not load. Whoever wants DuckDB's
 * {@code DataSource} asks the bean factory for it by name.
 *
 * @since 0.2.0
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DuckDbProperties.class)
public class DuckDbConfiguration {

	/**
	 * The name of the DuckDB {@link DataSource} bean.
	 */
	public static final String DATA_SOURCE = "duckdbDataSource";

	/**
	 * The name of the report that queries on its caller's thread.
	 */
	public static final String DIRECT = "directDuckDbReport";

	/**
	 * The name of the report that queries through the {@value #DATA_SOURCE} bean: on the
	 * pool thread that {@code tpool.proxies} gives its JDBC calls.
	 */
	public static final String OFFLOADED = "offloadedDuckDbReport";

	/**
	 * The name of the pool that runs DuckDB's JDBC calls, under {@code tpool.pools}.
	 */
	public static final String POOL = "duckdb";

	@Bean
	DuckDbDatabase duckDbDatabase(DuckDbProperties properties, ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return DuckDbDatabase.open((classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader(),
				properties.rows());
	}

	@Bean(name = DATA_SOURCE, autowireCandidate = false)
	DataSource duckdbDataSource(DuckDbDatabase database) {
		return new DuckDbDataSource(database);
	}

	/**
	 * The report on a DataSource of its own that is no bean, so that no
	 * {@code tpool.proxies} entry can ever wrap it: its queries stay on the caller's
	 * thread.
	 */
	@Bean(DIRECT)
	DuckDbReport directDuckDbReport(DuckDbDatabase database) {
		return new DuckDbReport(database, new DuckDbDataSource(database));
	}

	/**
	 * The report on the {@value #DATA_SOURCE} bean as the bean factory holds it, wrapped
	 * by tpool. The bean is no candidate for injection, so it is asked for by its name.
	 */
	@Bean(OFFLOADED)
	DuckDbReport offloadedDuckDbReport(DuckDbDatabase database, BeanFactory beanFactory) {
		return new DuckDbReport(database, beanFactory.getBean(DATA_SOURCE, DataSource.class));
	}

}
