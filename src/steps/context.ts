import { IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';

/** What every step handler of either vendor receives. */
export type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;
