// Runs one SQL statement with DuckDB and prints its rows as JSON: the tests read the parquet the module writes with
// the engine many users read datasets with. Usage: node query-duckdb.mjs "SELECT … FROM read_parquet('…')"
import { DuckDBInstance } from '@duckdb/node-api';

const database = await DuckDBInstance.create(':memory:');
const connection = await database.connect();
const result = await connection.runAndReadAll(process.argv[2]);
console.log(JSON.stringify(result.getRowObjectsJson()));
