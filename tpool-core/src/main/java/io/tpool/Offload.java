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
 * bean (but inside {@code @Async}'s), so a {@code @Transactional} method starts its
 * transaction on the pool thread, or joins the caller's: a call is one logical thread
 * with its caller, which waits meanwhile.
 *
 * @since 0.1.0
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

	/**
	 * The name of the pool to run on, as its {@link Tpool#name()} says; the default
	 * (empty) is the application's default pool. A name that no pool has fails the start.
	 * On a class, applies to every offloaded method; a method's own wins.
	 * @return the pool's name
	 * @since 0.2.0
	 */
	String pool() default "";

	/**
	 * The deadline of each call, as a duration such as {@code "2s"} or {@code "500ms"};
	 * it wins over the pool's timeout. When it passes, the caller gets a
	 * {@link TpoolTimeoutException}. The default (empty) is the pool's timeout, if any.
	 * On a class, applies to every offloaded method; a method's own wins.
	 * @return the timeout
	 * @since 0.2.0
	 */
	String timeout() default "";

}
