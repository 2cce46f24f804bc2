package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.autoconfigure.NamedTemplates;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link MQMessagingTemplate} per name of {@code mq.templates}, named {@code <name>MQMessagingTemplate},
 * qualified {@code @Qualifier("<name>")} like the template it sends through, with the {@link MQMessageConverter} bean
 * and no default destination.
 */
class NamedMessagingTemplatesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        for (String name : NamedTemplates.names(environment)) {
            RootBeanDefinition messaging = new RootBeanDefinition(MQMessagingTemplate.class);
            messaging.getConstructorArgumentValues().addIndexedArgumentValue(0,
                    new RuntimeBeanReference(NamedTemplates.beanName(name)));
            messaging.getConstructorArgumentValues().addIndexedArgumentValue(2, null, String.class.getName());
            messaging.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR); // the converter, by type
            messaging.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            registry.registerBeanDefinition(name + "MQMessagingTemplate", messaging);
        }
    }
}
