package io.tpool.demo.database;

import javax.sql.DataSource;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Boot's {@code db} health indicator, on the DataSource behind the tpool proxy. Its check
 * runs SQL ({@code getConnection()} is a {@code DataSource} method), so through the proxy
 * it would queue behind whatever saturates the pool, and {@code /actuator/health} would
 * stall with it. H2 holds no carrier, so the check may run on the request's own thread.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

	@Bean
	DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
		Object target = AopProxyUtils.getSingletonTarget(dataSource);
		return new DataSourceHealthIndicator((target instanceof DataSource unwrapped) ? unwrapped : dataSource);
	}

}
