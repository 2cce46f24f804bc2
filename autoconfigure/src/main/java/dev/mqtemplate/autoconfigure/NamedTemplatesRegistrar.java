package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.MQTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link MQTemplate} bean per name of {@code mq.templates}, named {@code <name>MQTemplate}, qualified
 * {@code @Qualifier("<name>")}, built by {@link MQTemplateFactory#create(String)} and closed with the context. The
 * bean definitions carry only the name, so an AOT-processed application keeps the templates it was processed with.
 */
class NamedTemplatesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    static final String FACTORY_BEAN_NAME = "mqTemplateFactory";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        for (String name : NamedTemplates.names(environment)) {
            RootBeanDefinition template = new RootBeanDefinition();
            template.setTargetType(MQTemplate.class);
            template.setFactoryBeanName(FACTORY_BEAN_NAME);
            template.setUniqueFactoryMethodName("create");
            template.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            template.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            template.setDestroyMethodName("close");
            registry.registerBeanDefinition(NamedTemplates.beanName(name), template);
        }
    }
}
