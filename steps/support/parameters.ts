// Parameter types: step text → domain values.
import { defineParameterType } from '@cucumber/cucumber';
import { STATEMENT_LIST, StatementRefs } from './statement-refs.ts';

defineParameterType({ name: 'qos', regexp: /[0-2]/, transformer: (s: string) => Number(s) as 0 | 1 | 2 });
defineParameterType({
  name: 'flag',
  regexp: /set|not set/,
  transformer: (s: string) => s === 'set',
});
defineParameterType({
  name: 'packetType',
  regexp: /CONNACK|PUBLISH|PUBACK|PUBREC|PUBREL|PUBCOMP|SUBACK|UNSUBACK|PINGRESP|PINGREQ|DISCONNECT/,
  transformer: (s: string) => s.toLowerCase(),
});
// The ` [MQTT-…]` suffix of an assertion step (see define.ts): matched, then dropped by the wrapper.
defineParameterType({
  name: 'statementRefs',
  regexp: STATEMENT_LIST,
  transformer: (s: string) => new StatementRefs(s.split(',').map((id) => id.trim())),
  useForSnippets: false,
});
