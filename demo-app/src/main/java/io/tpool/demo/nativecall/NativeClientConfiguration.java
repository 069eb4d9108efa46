package io.tpool.demo.nativecall;

import io.tpool.Offload;
import io.tpool.Tpool;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The same {@link NativeClient} twice: {@code directNativeClient} makes the call on its
 * caller's thread, {@code offloadedNativeClient} is an {@link Offload @Offload} bean
 * whose calls run on the pool while a virtual caller parks.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class NativeClientConfiguration {

	/**
	 * The name of the client that calls on its caller's thread.
	 */
	public static final String DIRECT = "directNativeClient";

	/**
	 * The name of the client whose calls run on the pool.
	 */
	public static final String OFFLOADED = "offloadedNativeClient";

	@Bean(DIRECT)
	NativeClient directNativeClient(Tpool pool) {
		return new NativeClient(pool);
	}

	@Bean(OFFLOADED)
	@Offload
	NativeClient offloadedNativeClient(Tpool pool) {
		return new NativeClient(pool);
	}

}
