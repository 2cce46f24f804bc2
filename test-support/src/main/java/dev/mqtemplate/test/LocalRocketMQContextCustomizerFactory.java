package dev.mqtemplate.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives test classes annotated with {@link LocalRocketMQTest} (directly, inherited or on an enclosing class) a
 * {@link LocalRocketMQContextCustomizer}. Registered by the annotation itself, so other tests never see it.
 */
public class LocalRocketMQContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        LocalRocketMQTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                LocalRocketMQTest.class);
        if (annotation == null) {
            return null;
        }
        return new LocalRocketMQContextCustomizer(new ClusterOptions(annotation.brokers(), annotation.timerWheel()));
    }
}
