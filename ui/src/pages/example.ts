// The example flow of README.md's first steps (docs/examples), offered on
// an empty flows list so that a newcomer sees a whole flow at once.
import exampleFlow from '../../../docs/examples/assigned-chat.flow.json';
import type { FlowInput } from '../api/types';
import { parseFlowFile } from './flowFile';

/** exampleInput is the example as a new flow, read as an imported file is. */
export function exampleInput(): FlowInput {
  return parseFlowFile('assigned-chat.flow.json', JSON.stringify(exampleFlow));
}
