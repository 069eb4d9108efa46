package io.tpool.demo.dashboard;

import io.tpool.TpoolRegistry;
import io.tpool.demo.duckdb.DuckDbConfiguration;
import io.tpool.demo.duckdb.DuckDbReport;
import io.tpool.demo.nativecall.NativeClient;
import io.tpool.demo.nativecall.NativeClientConfiguration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard's beans; only in the web application, not in {@code --compare}.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class DashboardConfiguration implements WebMvcConfigurer {

	/**
	 * The burst calls allowed in flight at once.
	 */
	static final int MAX_IN_FLIGHT = 2000;

	@Bean
	DashboardSampler dashboardSampler(TpoolRegistry pools) {
		return new DashboardSampler(pools::pools);
	}

	@Bean
	Bursts bursts(@Qualifier(NativeClientConfiguration.DIRECT) NativeClient direct,
			@Qualifier(NativeClientConfiguration.OFFLOADED) NativeClient offloaded,
			@Qualifier(DuckDbConfiguration.DIRECT) DuckDbReport directReport,
			@Qualifier(DuckDbConfiguration.OFFLOADED) DuckDbReport offloadedReport) {
		return new Bursts(direct, offloaded, directReport, offloadedReport, MAX_IN_FLIGHT);
	}

	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String.class, BurstMode.class, BurstMode::parse);
	}

}
