package io.tpool.autoconfigure.offload;

import java.util.List;

/**
 * A bean whose methods run on the pool, as the actuator endpoint lists it.
 *
 * @param bean the bean's name
 * @param type the class of the bean
 * @param reason why it is offloaded: {@code @Offload} on its class, on methods, on its
 * factory method, or {@code tpool.proxies}
 * @param methods the names of the methods that run on the pool, and only those
 * @param calls the pool and the deadline of the calls of each of those methods, by method
 * name; a name appears more than once where its overloads differ
 * @param autowrap the autowrap types and names of the bean as a whole
 * @since 0.1.0
 */
public record OffloadedBean(String bean, String type, String reason, List<String> methods, List<OffloadedCall> calls,
		List<String> autowrap) {

}
