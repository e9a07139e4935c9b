namespace StatusPage.Domain.Shared;

/// <summary>
/// An event that carries secrets (ciphertext, bearer URLs): the audit history, read by viewers too and kept forever,
/// shows <see cref="WithoutSecrets"/> instead.
/// </summary>
public interface ICarriesSecrets
{
    object WithoutSecrets();
}
