package io.herald.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link HeraldTestStack}, started once per test run: it is kept in the root context's store, which
 * JUnit closes (stopping every process) when the run ends. Declare a {@code HeraldTestStack} parameter on a test or
 * lifecycle method of a class annotated {@code @ExtendWith(HeraldStackExtension.class)}.
 */
public final class HeraldStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HeraldStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HeraldTestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(HeraldTestStack.class, key -> HeraldTestStack.start(), HeraldTestStack.class);
    }
}
