package io.tpool.compatibility.boot3;

import io.tpool.Offload;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small Spring Boot 3.5 application that uses tpool as the README shows: the starter
 * and an {@link Offload @Offload} bean.
 */
@SpringBootApplication
public class Boot3Application {

	@Bean
	LegacyClient legacyClient() {
		return new LegacyClient();
	}

	public static void main(String[] args) {
		SpringApplication.run(Boot3Application.class, args).close();
	}

	/**
	 * A client whose calls hold their carrier.
	 */
	@Offload
	public static class LegacyClient {

		public String thread() {
			return Thread.currentThread().getName();
		}

	}

}
