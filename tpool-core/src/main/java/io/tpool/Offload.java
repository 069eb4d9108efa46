package io.tpool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean's methods on the application's {@link Tpool}: the caller blocks (a virtual
 * caller parks and frees its carrier) and gets the method's value or its very exception.
 * <p>
 * On a class, every public method of the bean is offloaded; on a method, only that
 * method; on a {@code @Bean} factory method, the bean it produces is offloaded as if its
 * class carried the annotation. The offloading runs outside every other advice of the
 * bean, so a {@code @Transactional} method starts its transaction on the pool thread.
 *
 * @author tpool
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Offload {

	/**
	 * Interfaces whose instances, when an offloaded method returns them, come back as
	 * tpool proxies, so that calls on them run on the pool as well (a JDBC
	 * {@code Statement} from a {@code Connection}, say). On a class, applies to every
	 * offloaded method; on a method, to that method.
	 * @return the autowrap types, interfaces only
	 * @see Autowrap#types(Class...)
	 */
	Class<?>[] autowrap() default {};

	/**
	 * Names of methods whose values come back as tpool proxies; such a method must return
	 * an interface. On a class, applies to every offloaded method; on a method, to that
	 * method.
	 * @return the autowrap method names
	 * @see Autowrap#names(String...)
	 */
	String[] autowrapNames() default {};

}
