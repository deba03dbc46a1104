package io.herald.smsc.push;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/**
 * Recomputes the public key of an EC private key over a prime field, Q = d·G (SEC 1 v2 §3.2.1), so that an APNs
 * {@code .p8} file, which holds the private key only, is all the simulator keeps: the JDK has no API for this.
 * Affine double-and-add; not constant-time, which is of no concern for a simulator's own test key.
 */
final class EcPublicKeys {

    private static final BigInteger TWO = BigInteger.valueOf(2);
    private static final BigInteger THREE = BigInteger.valueOf(3);

    private EcPublicKeys() {
    }

    /**
     * @param privateKey an EC private key over a prime field (P-256 for APNs)
     * @return its public key
     * @throws GeneralSecurityException when the curve is not over a prime field or the JDK refuses the point
     */
    static ECPublicKey derive(ECPrivateKey privateKey) throws GeneralSecurityException {
        ECParameterSpec params = privateKey.getParams();
        ECField field = params.getCurve().getField();
        if (!(field instanceof ECFieldFp)) {
            throw new GeneralSecurityException("not a curve over a prime field");
        }
        BigInteger p = ((ECFieldFp) field).getP();
        ECPoint q = multiply(params.getGenerator(), privateKey.getS(), p, params.getCurve().getA());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
    }

    private static ECPoint multiply(ECPoint point, BigInteger k, BigInteger p, BigInteger a) {
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint r, ECPoint s, BigInteger p, BigInteger a) {
        if (ECPoint.POINT_INFINITY.equals(r)) {
            return s;
        }
        if (ECPoint.POINT_INFINITY.equals(s)) {
            return r;
        }
        BigInteger lambda;
        if (r.getAffineX().equals(s.getAffineX())) {
            if (r.getAffineY().add(s.getAffineY()).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = r.getAffineX();
            lambda = THREE.multiply(x).multiply(x).add(a)
                    .multiply(TWO.multiply(r.getAffineY()).modInverse(p)).mod(p);
        } else {
            lambda = s.getAffineY().subtract(r.getAffineY())
                    .multiply(s.getAffineX().subtract(r.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.multiply(lambda).subtract(r.getAffineX()).subtract(s.getAffineX()).mod(p);
        BigInteger y3 = lambda.multiply(r.getAffineX().subtract(x3)).subtract(r.getAffineY()).mod(p);
        return new ECPoint(x3, y3);
    }
}
