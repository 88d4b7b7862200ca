#!/usr/bin/env node
// Runs the TypeScript entry point through tsx's loader, in this same process.
import { register } from 'tsx/esm/api';

register();
await import('../cli.tsx');
