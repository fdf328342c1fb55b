import { Service } from "../../lib/index.js";

export interface User {
  id: string;
  name: string;
  email: string;
}

const SEED: User[] = [
  { id: "1", name: "Ada Lovelace", email: "ada@example.com" },
  { id: "2", name: "Alan Turing", email: "alan@example.com" },
  { id: "3", name: "Grace Hopper", email: "grace@example.com" },
];

/** The embedded in-memory data set, so the sample runs with no services. */
@Service()
export class UserRepository {
  private readonly users = new Map(SEED.map((u) => [u.id, u]));

  async findById(id: string): Promise<User | undefined> {
    return this.users.get(id);
  }

  async search(text: string): Promise<User[]> {
    const needle = text.toLowerCase();
    return [...this.users.values()].filter((u) => u.name.toLowerCase().includes(needle));
  }
}
