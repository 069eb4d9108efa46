package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;

/**
 * The context of the observation of one offloaded call: the pool it runs on, and the
 * bean's class and method.
 *
 * @since 0.2.0
 */
public class OffloadObservationContext extends Observation.Context {

	private final String pool;

	private final Class<?> beanClass;

	private final Method method;

	/**
	 * Create a context.
	 * @param pool the name of the pool the call runs on
	 * @param beanClass the class of the offloaded bean
	 * @param method the method called
	 */
	public OffloadObservationContext(String pool, Class<?> beanClass, Method method) {
		this.pool = pool;
		this.beanClass = beanClass;
		this.method = method;
	}

	/**
	 * The name of the pool the call runs on.
	 * @return the pool's {@code name()}
	 */
	public String getPool() {
		return this.pool;
	}

	/**
	 * The class of the offloaded bean.
	 * @return the class
	 */
	public Class<?> getBeanClass() {
		return this.beanClass;
	}

	/**
	 * The method called.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

}
