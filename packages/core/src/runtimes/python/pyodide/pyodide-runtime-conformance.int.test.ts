import { pythonConformancePrograms } from '../../../../test/python-conformance-programs';
import { sandboxRuntimeConformance } from '../../../../test/sandbox-runtime-conformance';
import { createPyodideRuntime } from './create-pyodide-runtime';

sandboxRuntimeConformance({
  name: 'Pyodide',
  create: () => createPyodideRuntime(),
  language: 'python',
  programs: pythonConformancePrograms,
});
