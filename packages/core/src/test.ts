// `@code-interpreter/core/test`: tools for testing code that uses an interpreter, without worker
// processes (as `ai/test` offers `MockLanguageModelV4`).

export { type EchoServer, startEchoServer } from './testing/echo-server';
export {
  MockCodeInterpreter,
  type MockCodeInterpreterOptions,
  type MockCodeInterpreterSession,
  type MockCommandCall,
  type MockCommandResponse,
  type MockRunCall,
  type MockRunResponse,
} from './testing/mock-code-interpreter';
export {
  type MockExecutionResultFields,
  mockExecutionResult,
} from './testing/mock-execution-result';
