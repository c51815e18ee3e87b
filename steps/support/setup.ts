// Registers the World once for every step file.
import { setWorldConstructor } from '@cucumber/cucumber';
import { ConformanceWorld } from './world.ts';

setWorldConstructor(ConformanceWorld);
