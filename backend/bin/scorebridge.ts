#!/usr/bin/env node
import { main } from '../src/cli/program.ts';

await main(process.argv);
