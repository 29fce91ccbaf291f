import { registerMatchers } from '@jupiterone/integration-sdk-testing';

registerMatchers(expect);
